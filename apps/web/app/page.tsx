import { connection } from 'next/server';
export default async function Home() {
  await connection(); // rendered per request so the CSP nonce applies
  return (
    <main className="page narrow center-page">
      <div className="card">
        <p className="eyebrow">OpenCMA</p>
        <h1>Instant home value reports</h1>
        <p>
          Real-estate agents share a personal link with homeowners. Open the link your agent sent you to get a free estimate of your home’s value,
          with recent comparable sales and local market statistics.
        </p>
      </div>
    </main>
  );
}
