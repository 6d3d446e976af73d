import { treeLink } from './links.js'

/**
 * The path as links. Each name is isolated (<bdi>) and the trail itself is
 * left to right: without that, two right-to-left names in a row (Hebrew,
 * Arabic) join into one right-to-left run with the " / " between them, and
 * the path reads backwards.
 */
export function Breadcrumbs ({ rid, rev, path, name }: { rid: string, rev: string, path: string, name: string }) {
  const parts = path === '' ? [] : path.split('/')
  return (
    <div class='breadcrumbs' dir='ltr' data-testid='breadcrumbs'>
      <a href={treeLink(rid, rev)}><bdi>{name}</bdi></a>
      {parts.map((p, i) => (
        <span key={i}> / {i === parts.length - 1 ? <b><bdi>{p}</bdi></b> : <a href={treeLink(rid, rev, parts.slice(0, i + 1).join('/'))}><bdi>{p}</bdi></a>}</span>
      ))}
    </div>
  )
}
