// Loaded with --import ahead of relay/main.ts by relay-last-resort.test.ts:
// on SIGUSR2, one exception and one promise rejection that nothing handles,
// as a bug deep in a library would raise them.
process.on('SIGUSR2', () => {
  setImmediate(() => { throw new Error('test: thrown from a callback') })
  void Promise.reject(new Error('test: rejected with no handler'))
})
