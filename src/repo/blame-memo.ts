// What blame learns about a repository's file versions, kept with its other
// history memos (path-history-reader.ts): for a parent version and a child
// version of a file (two blob ids), which parent line each child line is; and
// each version's line count. Blobs never change, so a blame at a commit's
// parent, or from a ref that moved on, walks the same pairs again without
// reading, splitting or diffing a single version.

/** Int32 entries kept in all (4 bytes each): 16 MiB */
const MAX_ENTRIES = 4 << 20

export class BlameMemo {
  private readonly maps = new Map<string, Int32Array>()
  private readonly counts = new Map<string, number>()
  private entries = 0

  lineMap (parent: string, child: string): Int32Array | undefined {
    return this.maps.get(`${parent} ${child}`)
  }

  keepLineMap (parent: string, child: string, map: Int32Array): void {
    // past the budget, start over: the walk in progress keeps what it holds
    if (this.entries + map.length > MAX_ENTRIES) { this.maps.clear(); this.counts.clear(); this.entries = 0 }
    this.maps.set(`${parent} ${child}`, map)
    this.entries += map.length
  }

  lineCount (blob: string): number | undefined { return this.counts.get(blob) }

  keepLineCount (blob: string, n: number): void { this.counts.set(blob, n) }
}
