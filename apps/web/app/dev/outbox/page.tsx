import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { loadConfig } from '@opencma/config';
import { EmailSection } from './email-section';
import { FubOutboxSection } from './fub-section';
import { WebhooksSection } from './webhooks-section';

export const metadata: Metadata = {
  title: 'SMS outbox (development)',
  robots: { index: false, follow: false },
};

interface OutboxMessage {
  id: string;
  purpose: 'report' | 'sign_in';
  report_id: string | null;
  recipient_role: 'consumer' | 'agent';
  to: string;
  body: string;
  status: string;
  created_at: string;
}

/** Texts the outbox recorded instead of sending; the API serves them only outside production. */
export default async function OutboxPage() {
  await connection();
  const res = await fetch(`${loadConfig().apiUrl}/v1/dev/outbox`, { cache: 'no-store', signal: AbortSignal.timeout(10_000) });
  if (!res.ok) notFound();
  const { messages } = (await res.json()) as { messages: OutboxMessage[] };
  return (
    <main className="page narrow">
      <h1>SMS outbox</h1>
      <p>
        Texts recorded by the development outbox (<code>SMS_PROVIDER=outbox</code>), newest first. Nothing here was sent to a phone.
      </p>
      {messages.length === 0 ? (
        <p>No texts yet. Submit the demo landing page to see the consumer’s and the agent’s texts here.</p>
      ) : (
        <ol className="outbox">
          {messages.map((m) => (
            <li key={m.id} className="card">
              <p>
                <strong>
                  {m.purpose === 'sign_in' ? 'Sign-in code to the agent' : m.recipient_role === 'consumer' ? 'To the homeowner' : 'To the agent'}
                </strong>{' '}
                · {m.to} · {m.status} · <time dateTime={m.created_at}>{new Date(m.created_at).toLocaleString('en-US')}</time>
              </p>
              <p>{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      <EmailSection />
      <FubOutboxSection />
      <WebhooksSection />
    </main>
  );
}
