// What a bad link shows: what is missing, in words, and the ways back.
import type { ComponentChildren } from 'preact'

export interface WayBack { href: string, label: string }

export function NotThere ({ title, children, ways }: { title: string, children?: ComponentChildren, ways: WayBack[] }) {
  return (
    <section class='card' data-testid='not-there'>
      <h2>{title}</h2>
      {children}
      <ul class='ways-back'>
        {ways.map(w => <li key={w.href}><a href={w.href}>{w.label}</a></li>)}
      </ul>
    </section>
  )
}
