// The one error type the pack code throws for bad input, so a caller can tell
// "this pack is damaged or incomplete" apart from a bug or an abort.
export class PackError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'PackError'
  }
}
