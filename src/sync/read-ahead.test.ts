import { describe, expect, it } from 'vitest'
import { readAhead } from './read-ahead.js'

const tick = async (ms = 0): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

describe('readAhead', () => {
  it('consumes the source before anyone asks, and yields everything in order', async () => {
    const pulled: number[] = []
    async function * source (): AsyncGenerator<number> {
      for (let i = 0; i < 3; i++) { await tick(); pulled.push(i); yield i }
    }
    const ahead = readAhead(source())
    await tick(20)
    expect(pulled).toEqual([0, 1, 2]) // read while nobody was iterating
    const got: number[] = []
    for await (const x of ahead) got.push(x)
    expect(got).toEqual([0, 1, 2])
  })
  it('waits for items that have not come yet', async () => {
    let release!: () => void
    const gate = new Promise<void>(resolve => { release = resolve })
    async function * source (): AsyncGenerator<string> { yield 'a'; await gate; yield 'b' }
    const got: string[] = []
    const done = (async () => { for await (const x of readAhead(source())) got.push(x) })()
    await tick(5)
    expect(got).toEqual(['a'])
    release()
    await done
    expect(got).toEqual(['a', 'b'])
  })
  it('passes a failure on after what came before it', async () => {
    async function * source (): AsyncGenerator<number> { yield 1; throw new Error('lookup broke') }
    const got: number[] = []
    await expect((async () => { for await (const x of readAhead(source())) got.push(x) })()).rejects.toThrow('lookup broke')
    expect(got).toEqual([1])
  })
})
