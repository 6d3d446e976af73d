// Resolves once the page has painted something (the first contentful paint,
// as the browser reports it), so what main.tsx starts after it does not
// delay the first screen. A frame callback is not enough: the paint is
// presented a few milliseconds after the frame. A tab in the background
// paints nothing until it is shown, and a browser without paint timing
// reports nothing: then at once, or after `fallbackMs`.
export async function afterFirstPaint (fallbackMs = 1000): Promise<void> {
  if (globalThis.document?.visibilityState === 'hidden') return
  await new Promise<void>(resolve => {
    const done = (): void => { observer?.disconnect(); clearTimeout(timer); resolve() }
    const timer = setTimeout(done, fallbackMs)
    document.addEventListener('visibilitychange', done, { once: true })
    let observer: PerformanceObserver | undefined
    try {
      observer = new PerformanceObserver(list => { if (list.getEntriesByName('first-contentful-paint').length > 0) done() })
      // buffered: a paint that came before this call counts
      observer.observe({ type: 'paint', buffered: true })
    } catch {
      // no paint timing here: the timer decides
    }
  })
}
