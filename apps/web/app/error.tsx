'use client';

/** Shown when a page could not be rendered (e.g. the API is briefly unreachable). */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="page narrow center-page">
      <div className="card">
        <h1>Something went wrong on our side</h1>
        <p>We couldn’t load this page just now. Please try again in a moment.</p>
        <button type="button" className="btn" onClick={reset}>
          Try again
        </button>
      </div>
    </main>
  );
}
