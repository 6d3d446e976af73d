// The theme chosen in Settings, applied before the first paint. Loaded as a
// blocking classic script from <head> because the CSP refuses inline ones;
// src/ui/theme.ts holds the same key and values and does the rest.
try {
  const theme = localStorage.getItem('guts-theme')
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme
} catch (e) {}
