import { useState } from 'preact/hooks'

export function CopyButton ({ text }: { text: string }) {
  const [copied, setCopied] = useState(false)
  const copy = (): void => {
    navigator.clipboard?.writeText(text).then(() => {
      setCopied(true)
      setTimeout(() => setCopied(false), 1500)
    }, () => {})
  }
  return <button type='button' class='link' onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>
}
