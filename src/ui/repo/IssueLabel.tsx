// A label as a coloured chip (its hue from its name: issue-words.ts), a link
// to the issues that carry it; with `onRemove`, a × that takes it off.
import { issuesLink } from './links.js'
import { labelHue } from './issue-words.js'

export function IssueLabel ({ rid, name, onRemove, disabled, onPick }: { rid: string, name: string, onRemove?: () => void, disabled?: boolean, onPick?: (name: string) => void }) {
  // a custom property set through the CSSOM (Preact's setProperty): the CSP refuses style attributes, not this
  const style = { '--label-hue': String(labelHue(name)) } as unknown as Record<string, string>
  return (
    <span class='issue-label' style={style} data-testid='issue-label' data-label={name}>
      <a href={issuesLink(rid, { label: name })} onClick={onPick == null ? undefined : e => { e.preventDefault(); onPick(name) }}>{name}</a>
      {onRemove != null && <button type='button' class='issue-label-x' aria-label={`Remove the label ${name}`} disabled={disabled} onClick={onRemove} data-testid='remove-label'>×</button>}
    </span>
  )
}
