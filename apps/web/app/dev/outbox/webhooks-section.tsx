import { loadConfig } from '@opencma/config';

interface ReceivedWebhook {
  webhook_id: string;
  path: string;
  type: string | null;
  verified: boolean;
  answer: number;
  note: string;
  received_at: string;
  payload: unknown;
}

/** What the local webhook receiver got (development only): each request, its signature check and the answer it was given. */
export async function WebhooksSection() {
  const res = await fetch(`${loadConfig().apiUrl}/v1/dev/webhooks`, { cache: 'no-store', signal: AbortSignal.timeout(10_000) });
  if (!res.ok) return null;
  const { receiver_url, requests } = (await res.json()) as { receiver_url: string; requests: ReceivedWebhook[] };
  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks (local receiver)</h2>
      <p>
        A local receiver listens at <code>{receiver_url}/hooks/…</code> and verifies each request&apos;s Standard Webhooks signature with the secret
        of the endpoint registered at that URL. To try it, start with <code>WEBHOOK_ALLOWED_HOSTS=127.0.0.1</code> and add the endpoint{' '}
        <code>{receiver_url}/hooks/demo</code> on <a href="/agent/integrations">Integrations</a>.
      </p>
      {requests.length === 0 ? (
        <p>No webhooks received yet.</p>
      ) : (
        <ol className="outbox">
          {requests.map((r) => (
            <li key={`${r.webhook_id}-${r.received_at}-${r.answer}`} className="card">
              <p>
                <strong>{r.type ?? 'unknown type'}</strong> · {r.path} · {r.verified ? 'signature verified' : 'not verified'} · answered {r.answer} (
                {r.note}) · <time dateTime={r.received_at}>{new Date(r.received_at).toLocaleString('en-US')}</time>
              </p>
              <p>
                <code>webhook-id {r.webhook_id || '—'}</code>
              </p>
              <pre className="break">{JSON.stringify(r.payload, null, 2)}</pre>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
