/** One line on stdout, `TAG {json}`, for the parent process to read. */
export function report (tag: string, value: unknown): void {
  process.stdout.write(`${tag} ${JSON.stringify(value)}\n`)
}
