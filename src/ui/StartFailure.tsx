// Shown when the app cannot start at all, most often because IndexedDB is
// unavailable (private browsing in some browsers, or storage disabled).
export function StartFailure ({ error }: { error: Error }) {
  return (
    <main>
      <section class='card error'>
        <h1>Guts could not start</h1>
        <p>{error.name === 'InvalidStateError' || /indexeddb/i.test(error.message)
          ? 'This browser does not let the page use IndexedDB (private browsing or disabled site data). Guts keeps its identity and repositories there.'
          : 'Something went wrong while starting.'}</p>
        <pre>{error.name}: {error.message}</pre>
        <button onClick={() => location.reload()}>Try again</button>
      </section>
    </main>
  )
}
