// The patch views' status icons (inline SVG, as IssueIcons.tsx): a pull
// request's branch-and-arrow, merged, draft, archived.
const svg = (label: string, d: string) => (
  <svg class='icon issue-icon' viewBox='0 0 16 16' width='14' height='14' aria-hidden='true' data-icon={label}>
    <path fill='none' stroke='currentColor' stroke-width='1.4' stroke-linejoin='round' stroke-linecap='round' d={d} />
  </svg>
)
export const PatchOpenIcon = () => svg('patch', 'M4 3.5v9 M4 3.5a1.25 1.25 0 1 0 0-.01z M4 12.5a1.25 1.25 0 1 0 0 .01z M12 12.5a1.25 1.25 0 1 0 0 .01z M12 11.25V6a2 2 0 0 0-2-2H7.5 M9 2.5L7.5 4 9 5.5')
export const PatchMergedIcon = () => svg('merged', 'M4 3.5v9 M4 3.5a1.25 1.25 0 1 0 0-.01z M4 12.5a1.25 1.25 0 1 0 0 .01z M12 9a1.25 1.25 0 1 0 0 .01z M4 5c0 2.5 2.5 4 6.75 4')
export const PatchDraftIcon = () => svg('draft', 'M4 3.5v9 M4 3.5a1.25 1.25 0 1 0 0-.01z M4 12.5a1.25 1.25 0 1 0 0 .01z M12 12.5a1.25 1.25 0 1 0 0 .01z M12 3v1 M12 6.5v1 M12 10v.5')
export const PatchArchivedIcon = () => svg('archived', 'M2.5 3h11v3h-11z M3.5 6v7h9V6 M6.5 8.5h3')
export const CommitIcon = () => svg('commit', 'M8 10.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z M1.5 8h4 M10.5 8h4')
export const ReviewIcon = () => svg('review', 'M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8z M8 9.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z')

export function PatchStatusIcon ({ status }: { status: string }) {
  if (status === 'merged') return <PatchMergedIcon />
  if (status === 'draft') return <PatchDraftIcon />
  if (status === 'archived') return <PatchArchivedIcon />
  return <PatchOpenIcon />
}
