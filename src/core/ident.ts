// The name and email a commit is signed with, made safe for a commit's
// `author` and `committer` lines. Whatever a person types in Settings ends
// up between `author ` and ` <email> <time> <zone>`: a '<', '>' or newline
// there makes a commit that git fsck, and so every peer, refuses (and peers
// cut off whoever sends it). This does what git's ident.c does to every
// name and email (strbuf_addstr_without_crud): drop the delimiters '<',
// '>' and '\n' anywhere and trim "crud" from both ends; and, unlike git,
// drop the other control characters too (git keeps a tab, a '\r' or DEL,
// which show as garbage in every log). Pure.

export interface Ident { name: string, email: string }

/** git's crud(): what is trimmed from either end of a name or an email. */
function isCrud (c: number): boolean {
  return c <= 0x20 || c === 0x2c || c === 0x3a || c === 0x3b || c === 0x3c || c === 0x3e ||
    c === 0x22 || c === 0x5c || c === 0x27 // , : ; < > " \ '
}

/** Dropped anywhere: the line's delimiters, and control characters (C0, DEL, C1). */
const DROPPED = /[<>\u0000-\u001f\u007f-\u009f]/g

/** One name or email as git would write it; may be empty. */
export function identPart (text: string): string {
  // dropped first, then trimmed: the same as git's order (trim, then drop)
  // for all it keeps, and no end left with a space a dropped character hid
  const s = text.replace(DROPPED, '')
  let start = 0
  let end = s.length
  while (start < end && isCrud(s.charCodeAt(start))) start++
  while (end > start && isCrud(s.charCodeAt(end - 1))) end--
  return s.slice(start, end)
}

/**
 * The identity to write: `who` cleaned; a part left empty takes the
 * fallback's (cleaned as well), as git refuses a commit with no name.
 */
export function commitIdent (who: Ident, fallback: Ident): Ident {
  return {
    name: identPart(who.name) || identPart(fallback.name),
    email: identPart(who.email) || identPart(fallback.email)
  }
}
