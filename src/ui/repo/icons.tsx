// Inline SVG icons: no icon font, nothing fetched, nothing the CSP must allow.
export function FolderIcon () {
  return <svg class='icon' viewBox='0 0 16 16' width='16' height='16' aria-label='directory'><path fill='currentColor' d='M1.75 2h3.6c.5 0 .9.2 1.2.6l.9 1.2c.1.1.2.2.4.2h6.4c.9 0 1.75.8 1.75 1.75v7.5c0 .9-.8 1.75-1.75 1.75H1.75C.8 15 0 14.2 0 13.25V3.75C0 2.8.8 2 1.75 2Z' /></svg>
}

export function FileIcon () {
  return <svg class='icon' viewBox='0 0 16 16' width='16' height='16' aria-label='file'><path fill='none' stroke='currentColor' stroke-width='1.2' d='M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3' /></svg>
}

export function LinkIcon () {
  return <svg class='icon' viewBox='0 0 16 16' width='16' height='16' aria-label='submodule'><path fill='none' stroke='currentColor' stroke-width='1.5' d='M6.5 9.5l3-3 M5 7.5l-1.5 1.5a2.1 2.1 0 0 0 3 3L8 10.5 M11 8.5l1.5-1.5a2.1 2.1 0 0 0-3-3L8 5.5' /></svg>
}
