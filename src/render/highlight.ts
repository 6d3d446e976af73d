// Syntax highlighting for the file and diff views. highlight.js is big, so it
// is loaded on first use, and its HTML is cut into per-line strings so the UI
// can number lines and show them inside diffs.
import type { HLJSApi, LanguageFn } from 'highlight.js'

// highlight.js slows down badly on huge inputs (minified bundles, data dumps);
// past this size plain text is both faster and more readable.
export const MAX_HIGHLIGHT_LENGTH = 512 * 1024

// Languages bundled in 'highlight.js/lib/common' need nothing more; the few
// below are not, so each is its own small chunk fetched only when needed.
const EXTRA_LANGUAGES: Record<string, () => Promise<{ default: LanguageFn }>> = {
  clojure: async () => await import('highlight.js/lib/languages/clojure'),
  cmake: async () => await import('highlight.js/lib/languages/cmake'),
  dart: async () => await import('highlight.js/lib/languages/dart'),
  dockerfile: async () => await import('highlight.js/lib/languages/dockerfile'),
  elixir: async () => await import('highlight.js/lib/languages/elixir'),
  elm: async () => await import('highlight.js/lib/languages/elm'),
  erlang: async () => await import('highlight.js/lib/languages/erlang'),
  fsharp: async () => await import('highlight.js/lib/languages/fsharp'),
  groovy: async () => await import('highlight.js/lib/languages/groovy'),
  haskell: async () => await import('highlight.js/lib/languages/haskell'),
  julia: async () => await import('highlight.js/lib/languages/julia'),
  latex: async () => await import('highlight.js/lib/languages/latex'),
  nginx: async () => await import('highlight.js/lib/languages/nginx'),
  nix: async () => await import('highlight.js/lib/languages/nix'),
  ocaml: async () => await import('highlight.js/lib/languages/ocaml'),
  powershell: async () => await import('highlight.js/lib/languages/powershell'),
  protobuf: async () => await import('highlight.js/lib/languages/protobuf'),
  scala: async () => await import('highlight.js/lib/languages/scala'),
  vim: async () => await import('highlight.js/lib/languages/vim')
}

const BY_NAME: Record<string, string> = {
  dockerfile: 'dockerfile',
  containerfile: 'dockerfile',
  makefile: 'makefile',
  gnumakefile: 'makefile',
  'cmakelists.txt': 'cmake',
  gemfile: 'ruby',
  rakefile: 'ruby',
  podfile: 'ruby',
  vagrantfile: 'ruby',
  jenkinsfile: 'groovy',
  'nginx.conf': 'nginx',
  '.bashrc': 'bash',
  '.bash_profile': 'bash',
  '.profile': 'bash',
  '.zshrc': 'bash',
  '.gitconfig': 'ini',
  '.editorconfig': 'ini'
}

const BY_EXTENSION: Record<string, string> = {
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  json: 'json', jsonc: 'json', webmanifest: 'json',
  md: 'markdown', markdown: 'markdown',
  css: 'css', scss: 'scss', less: 'less',
  html: 'xml', htm: 'xml', xhtml: 'xml', xml: 'xml', svg: 'xml', xsl: 'xml', plist: 'xml',
  sh: 'bash', bash: 'bash', zsh: 'bash', ksh: 'bash',
  py: 'python', pyi: 'python', pyw: 'python',
  rb: 'ruby', gemspec: 'ruby', rake: 'ruby',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin', kts: 'kotlin',
  c: 'c', h: 'c',
  cpp: 'cpp', cc: 'cpp', cxx: 'cpp', 'c++': 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp', ino: 'cpp',
  m: 'objectivec', mm: 'objectivec',
  cs: 'csharp',
  vb: 'vbnet',
  php: 'php',
  swift: 'swift',
  yaml: 'yaml', yml: 'yaml',
  toml: 'ini', ini: 'ini', cfg: 'ini',
  sql: 'sql',
  diff: 'diff', patch: 'diff',
  lua: 'lua',
  r: 'r',
  pl: 'perl', pm: 'perl',
  graphql: 'graphql', gql: 'graphql',
  mk: 'makefile', mak: 'makefile',
  wat: 'wasm', wast: 'wasm',
  dockerfile: 'dockerfile',
  scala: 'scala', sc: 'scala',
  hs: 'haskell',
  ex: 'elixir', exs: 'elixir',
  erl: 'erlang', hrl: 'erlang',
  clj: 'clojure', cljs: 'clojure', cljc: 'clojure', edn: 'clojure',
  dart: 'dart',
  groovy: 'groovy', gradle: 'groovy',
  ps1: 'powershell', psm1: 'powershell',
  tex: 'latex',
  ml: 'ocaml', mli: 'ocaml',
  cmake: 'cmake',
  nix: 'nix',
  vim: 'vim',
  jl: 'julia',
  fs: 'fsharp', fsi: 'fsharp', fsx: 'fsharp',
  elm: 'elm',
  proto: 'protobuf'
}

export function languageFor (path: string): string | undefined {
  const base = (path.split('/').pop() ?? '').toLowerCase()
  // own-property checks: 'constructor' must not find Object.prototype's
  if (Object.hasOwn(BY_NAME, base)) return BY_NAME[base]
  if (base.startsWith('dockerfile.')) return 'dockerfile' // Dockerfile.dev etc.
  const dot = base.lastIndexOf('.')
  if (dot <= 0) return undefined // no extension, or a dotfile we do not know
  const ext = base.slice(dot + 1)
  return Object.hasOwn(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : undefined
}

let hljsLoading: Promise<HLJSApi> | undefined

async function loadHljs (): Promise<HLJSApi> {
  hljsLoading ??= import('highlight.js/lib/common').then(m => m.default).catch((err: unknown) => {
    hljsLoading = undefined // a failed chunk fetch (offline) may succeed later
    throw err
  })
  return await hljsLoading
}

async function loadLanguage (hljs: HLJSApi, language: string): Promise<boolean> {
  if (hljs.getLanguage(language) !== undefined) return true
  const load = Object.hasOwn(EXTRA_LANGUAGES, language) ? EXTRA_LANGUAGES[language] : undefined
  if (load === undefined) return false
  hljs.registerLanguage(language, (await load()).default)
  return true
}

export async function highlightLines (code: string, path: string): Promise<string[]> {
  const lines = splitLines(code)
  const language = languageFor(path)
  if (language === undefined || code.length > MAX_HIGHLIGHT_LENGTH || lines.length === 0) {
    return lines.map(escapeHtml)
  }
  try {
    const hljs = await loadHljs()
    if (!await loadLanguage(hljs, language)) return lines.map(escapeHtml)
    // Whole text at once, so block comments and multi-line strings are
    // recognised across lines; then cut into lines.
    const html = hljs.highlight(lines.join('\n'), { language, ignoreIllegals: true }).value
    const split = splitHighlighted(html)
    if (split !== undefined && split.length === lines.length) return split
  } catch {
    // fall through: plain text beats no text
  }
  return lines.map(escapeHtml)
}

// Lines as a file viewer counts them: a final newline ends the last line, it
// does not start an empty one ('a\nb\n' is 2 lines, '' is none). A '\r'
// before the '\n' (CRLF files) is not part of the line.
function splitLines (code: string): string[] {
  if (code === '') return []
  const lines = code.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.map(l => l.endsWith('\r') ? l.slice(0, -1) : l)
}

const TOKEN = /<span class="([^"]*)">|<\/span>|[^<]+/y
// hljs scopes look like 'hljs-keyword' or 'hljs-title class_'; anything else
// (e.g. 'language-xml' around embedded code) is dropped, keeping its text.
const HLJS_CLASS = /^hljs-[\w-]+(?: [\w-]+)*$/

interface Open { tag: string | undefined }

// Cuts highlight.js HTML at each '\n' so every line is well formed on its own:
// spans still open at a line break are closed there and reopened on the next
// line. Only hljs spans and escaped text pass; anything else means the output
// is not what we expect, and undefined makes the caller fall back to escaping.
function splitHighlighted (html: string): string[] | undefined {
  const lines: string[] = []
  const stack: Open[] = []
  let line = ''
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < html.length) {
    const m = TOKEN.exec(html)
    if (m === null) return undefined // a '<' that is not an hljs span
    const token = m[0]
    if (m[1] !== undefined) {
      const tag = HLJS_CLASS.test(m[1]) ? token : undefined
      stack.push({ tag })
      if (tag !== undefined) line += tag
    } else if (token === '</span>') {
      const open = stack.pop()
      if (open === undefined) return undefined
      if (open.tag !== undefined) line += '</span>'
    } else {
      const parts = token.split('\n')
      line += parts[0]
      for (let i = 1; i < parts.length; i++) {
        lines.push(line + closeAll(stack))
        line = reopenAll(stack) + parts[i]
      }
    }
  }
  lines.push(line + closeAll(stack))
  return lines
}

function closeAll (stack: Open[]): string {
  return stack.filter(o => o.tag !== undefined).map(() => '</span>').join('')
}

function reopenAll (stack: Open[]): string {
  return stack.map(o => o.tag ?? '').join('')
}

function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, c => ESCAPES[c] ?? c)
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' }
