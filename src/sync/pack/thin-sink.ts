// Receiving a thin pack: one asked for with haves, whose deltas may name
// bases it leaves out because we hold them (../../repo/pack/thin-pack.ts).
// The sink is told where our repository is (`held`). A sink that completes
// thin packs itself says so (`completesThin`: the relay's file sink, which
// reads the bases with git); any other (the tab's workers, the in-thread
// one) is wrapped here: the pack's pieces are kept as they arrive, and when
// indexing fails on bases the pack lacks, the pack is completed from our
// objects and indexed again by a fresh sink of the same kind.
import { isBadPack } from '../classify.js'
import { completeThinPack, refDeltaBases, ThinPackError } from '../../repo/pack/thin-pack.js'
import { heldBases } from '../../repo/store-pack.js'
import type { PackSink, PackSinkFactory, PackSinkOptions, ReceivedPack } from '../../repo/pack/pack-sink.js'
import type { HeldRepository } from '../../repo/pack/thin-pack.js'

/** A sink's options with where the receiving repository is, for one that completes thin packs itself. */
export interface ThinSinkOptions extends PackSinkOptions { held?: HeldRepository }

/** What a sink that completes thin packs itself says of itself. */
export interface CompletingSink { completesThin: true }

/** The receiving repository a sink was told of, if any. */
export function heldRepositoryOf (opts: PackSinkOptions): HeldRepository | undefined {
  return (opts as ThinSinkOptions).held
}

/** `inner`, able to take a thin pack completed from `held`'s objects. */
export function thinPackSink (inner: PackSinkFactory, held: HeldRepository): PackSinkFactory {
  return (total, opts) => {
    const told: ThinSinkOptions = { ...opts, held }
    const first = inner(total, told)
    if ((first as Partial<CompletingSink>).completesThin === true) return first
    let pieces: Uint8Array[] | undefined = []
    let again: PackSink | undefined
    return {
      push: (chunk) => {
        first.push(chunk)
        // the pieces as they came off the wire (the inner sink copies what it keeps)
        pieces?.push(chunk)
      },
      finish: async (): Promise<ReceivedPack> => {
        try {
          const done = await first.finish()
          pieces = undefined
          return done
        } catch (err: any) {
          const kept = pieces
          pieces = undefined
          if (!isBadPack(err) || kept == null) throw err
          const pack = join(kept, total)
          // in this thread the indexer named the bases; from a worker only
          // the error's name comes back: the REF_DELTAs' bases we hold, then
          const exact = err instanceof ThinPackError
          const candidates = exact ? err.missing : namedBases(pack)
          if (candidates.length === 0) throw err
          const completed = await completeThinPack(pack, candidates, heldBases(held), { signal: opts.signal, strict: exact })
          if (completed == null) throw err
          again = inner(completed.length, opts)
          again.push(completed)
          return await again.finish()
        }
      },
      abort: () => {
        pieces = undefined
        first.abort()
        again?.abort()
      }
    }
  }
}

/** The bases the pack's REF_DELTAs name; none where its entries cannot even be read (the indexer's error says why). */
function namedBases (pack: Uint8Array): string[] {
  try {
    return refDeltaBases(pack)
  } catch {
    return []
  }
}

function join (pieces: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total)
  let at = 0
  for (const p of pieces) { out.set(p, at); at += p.length }
  return out
}
