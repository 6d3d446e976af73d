// GitHub's :shortcodes: for the emoji READMEs use most. A short built-in
// table rather than a dependency: the full gemoji list is ~1,800 names and
// 80 KB, most never seen in a README. Unknown names stay as written.
// Runs on sanitized HTML, on text only (never inside code).

const EMOJI: Record<string, string> = {
  '+1': '👍', thumbsup: '👍', '-1': '👎', thumbsdown: '👎', tada: '🎉', rocket: '🚀', sparkles: '✨', fire: '🔥',
  warning: '⚠️', x: '❌', white_check_mark: '✅', heavy_check_mark: '✔️', check: '✔️', star: '⭐', star2: '🌟',
  heart: '❤️', bug: '🐛', wrench: '🔧', hammer: '🔨', gear: '⚙️', zap: '⚡', memo: '📝', book: '📖', books: '📚',
  package: '📦', lock: '🔒', key: '🔑', bulb: '💡', construction: '🚧', rotating_light: '🚨', eyes: '👀',
  point_right: '👉', point_left: '👈', wave: '👋', smile: '😄', smiley: '😃', grin: '😁', joy: '😂', wink: '😉',
  thinking: '🤔', heavy_plus_sign: '➕', heavy_minus_sign: '➖', arrow_right: '➡️', arrow_left: '⬅️', arrow_up: '⬆️',
  arrow_down: '⬇️', information_source: 'ℹ️', question: '❓', exclamation: '❗', no_entry: '⛔', stop_sign: '🛑',
  computer: '💻', globe_with_meridians: '🌐', earth_africa: '🌍', link: '🔗', mag: '🔍', calendar: '📆', clock3: '🕒',
  hourglass: '⌛', recycle: '♻️', art: '🎨', lipstick: '💄', ambulance: '🚑', pencil2: '✏️', truck: '🚚',
  lady_beetle: '🐞', coffee: '☕', beer: '🍺', pray: '🙏', clap: '👏', muscle: '💪', ok_hand: '👌', '100': '💯',
  new: '🆕', free: '🆓', copyright: '©️', registered: '®️', tm: '™️', heavy_exclamation_mark: '❗', boom: '💥'
}

const SHORTCODE = /:([a-z0-9_+-]{1,40}):/g

/** Replaces known :shortcodes: in `root`'s text, outside code, in place. */
export function renderShortcodes (root: ParentNode & Node): void {
  const doc = root.ownerDocument ?? (root as Document)
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */)
  const texts: Text[] = []
  for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) texts.push(n as Text)
  for (const t of texts) {
    if (t.parentElement?.closest('code, pre') != null) continue
    const s = t.data
    if (!s.includes(':')) continue
    const out = s.replace(SHORTCODE, (all, name: string) => Object.hasOwn(EMOJI, name) ? EMOJI[name] : all)
    if (out !== s) t.data = out
  }
}
