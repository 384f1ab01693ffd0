import { loadConfig } from '@opencma/config';

interface FubEvent {
  id: number;
  person_id: number;
  received_at: string;
  api_key_last4: string;
  system: string | null;
  type: string;
  source: string | null;
  phones: string[];
  property: { street?: string; city?: string; state?: string; code?: string; price?: number } | null;
  message: string | null;
  page_url: string | null;
}

/** Events the local Follow Up Boss stand-in received (FUB_API_URL unset); nothing when it is not running. */
export async function FubOutboxSection() {
  const res = await fetch(`${loadConfig().apiUrl}/v1/dev/outbox/fub`, { cache: 'no-store', signal: AbortSignal.timeout(10_000) }).catch(() => null);
  if (!res?.ok) return null;
  const { events } = (await res.json()) as { events: FubEvent[] };
  return (
    <section aria-labelledby="fub-outbox">
      <h2 id="fub-outbox">Follow Up Boss (local stand-in)</h2>
      <p>
        Events the local Follow Up Boss stand-in received (<code>FUB_API_URL</code> unset), newest first. Set an API key on{' '}
        <a href="/agent/integrations">Integrations</a> to send leads here.
      </p>
      {events.length === 0 ? (
        <p>No events yet.</p>
      ) : (
        <ol className="outbox">
          {events.map((e) => (
            <li key={e.id} className="card">
              <p>
                <strong>{e.type}</strong> · person {e.person_id} · {e.phones.join(', ')} · key …{e.api_key_last4} · source {e.source ?? '—'} ·{' '}
                <time dateTime={e.received_at}>{new Date(e.received_at).toLocaleString('en-US')}</time>
              </p>
              {e.property ? (
                <p>
                  {[e.property.street, e.property.city, [e.property.state, e.property.code].filter(Boolean).join(' ')].filter(Boolean).join(', ')}
                  {e.property.price ? ` · $${e.property.price.toLocaleString('en-US')}` : ''}
                </p>
              ) : null}
              {e.message ? <p style={{ whiteSpace: 'pre-line' }}>{e.message}</p> : null}
              {e.page_url ? <p>Page: {e.page_url}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
