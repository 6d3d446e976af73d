// The issue views' small inline SVG icons (as icons.tsx: no font, nothing
// fetched), for what an emoji font may not draw.
const svg = (label: string, d: string, fill = false) => (
  <svg class='icon issue-icon' viewBox='0 0 16 16' width='14' height='14' aria-hidden='true' data-icon={label}>
    <path fill={fill ? 'currentColor' : 'none'} stroke={fill ? 'none' : 'currentColor'} stroke-width='1.4' stroke-linejoin='round' stroke-linecap='round' d={d} />
  </svg>
)

export const CommentIcon = () => svg('comment', 'M2 2.75h12v8.5H7.5L4.5 14v-2.75H2z')
export const TagIcon = () => svg('tag', 'M1.75 1.75h6l6.5 6.5-6 6-6.5-6.5z M5 5.01v-.02')
export const PersonIcon = () => svg('person', 'M8 8a2.75 2.75 0 1 0 0-5.5A2.75 2.75 0 0 0 8 8z M2.5 14.25c0-3 2.5-4.75 5.5-4.75s5.5 1.75 5.5 4.75')
export const LinkedIcon = () => svg('link', 'M6.5 9.5l3-3 M5 7.5l-1.5 1.5a2.1 2.1 0 0 0 3 3L8 10.5 M11 8.5l1.5-1.5a2.1 2.1 0 0 0-3-3L8 5.5')
export const PencilIcon = () => svg('pencil', 'M11 2.5l2.5 2.5-8 8H3v-2.5z')
export const EraseIcon = () => svg('redact', 'M3 3l10 10 M13 3L3 13')
export const OpenIcon = () => (
  <svg class='icon issue-icon' viewBox='0 0 16 16' width='14' height='14' aria-hidden='true'><circle cx='8' cy='8' r='6.25' fill='none' stroke='currentColor' stroke-width='1.5' /><circle cx='8' cy='8' r='1.75' fill='currentColor' /></svg>
)
export const ClosedIcon = () => (
  <svg class='icon issue-icon' viewBox='0 0 16 16' width='14' height='14' aria-hidden='true'><circle cx='8' cy='8' r='6.25' fill='none' stroke='currentColor' stroke-width='1.5' /><path d='M5.25 8.25l1.9 1.9 3.6-3.9' fill='none' stroke='currentColor' stroke-width='1.5' stroke-linecap='round' stroke-linejoin='round' /></svg>
)
export const ReopenIcon = () => svg('reopen', 'M3 8a5 5 0 1 0 1.5-3.55 M3 2.5v2.5h2.5')
