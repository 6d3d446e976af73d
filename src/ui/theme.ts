// The colour theme: the system's (prefers-color-scheme) unless Settings
// chose light or dark. The choice is kept in localStorage and shown as
// data-theme on <html>, which styles.css reads. public/theme-boot.js sets it
// before the first paint (the CSP refuses inline scripts, so it is a file of
// its own, loaded blocking from <head>): its key and values must stay these.

export type Theme = 'system' | 'light' | 'dark'
export const THEMES: readonly Theme[] = ['system', 'light', 'dark']
export const THEME_KEY = 'guts-theme'

export function readTheme (): Theme {
  try {
    const t = localStorage.getItem(THEME_KEY)
    return t === 'light' || t === 'dark' ? t : 'system'
  } catch {
    // storage refused (a privacy mode): the system's
    return 'system'
  }
}

export function applyTheme (theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme
  else root.dataset.theme = theme
}

export function chooseTheme (theme: Theme): void {
  try {
    if (theme === 'system') localStorage.removeItem(THEME_KEY)
    else localStorage.setItem(THEME_KEY, theme)
  } catch {
    // not kept, but still applied to this page
  }
  applyTheme(theme)
}

/** Follows a choice made in another tab of this browser. */
export function followThemeOfOtherTabs (): void {
  window.addEventListener('storage', (e) => { if (e.key === THEME_KEY || e.key === null) applyTheme(readTheme()) })
}
