import { connection } from 'next/server';
import type { Metadata } from 'next';

export const metadata: Metadata = {
  title: 'Page not found',
  robots: { index: false, follow: false },
};

export default async function NotFound() {
  await connection(); // rendered per request so the CSP nonce applies
  return (
    <main className="page narrow center-page">
      <div className="card">
        <p className="eyebrow">404</p>
        <h1>We couldn’t find that page</h1>
        <p>
          The link may be mistyped, or it may no longer be active. If a real-estate agent sent you this link, please check it with them — they can
          send you a new one.
        </p>
      </div>
    </main>
  );
}
