import { treeLink } from './links.js'

export function Breadcrumbs ({ rid, rev, path, name }: { rid: string, rev: string, path: string, name: string }) {
  const parts = path === '' ? [] : path.split('/')
  return (
    <div class='breadcrumbs'>
      <a href={treeLink(rid, rev)}>{name}</a>
      {parts.map((p, i) => (
        <span key={i}> / {i === parts.length - 1 ? <b>{p}</b> : <a href={treeLink(rid, rev, parts.slice(0, i + 1).join('/'))}>{p}</a>}</span>
      ))}
    </div>
  )
}
