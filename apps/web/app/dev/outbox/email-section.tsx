import { loadConfig } from '@opencma/config';

interface CapturedMail {
  id: string;
  message_id: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  received_at: string;
}

/** E-mails the local SMTP server captured (no SMTP_URL set); nothing when the API has none to show. */
export async function EmailSection() {
  const res = await fetch(`${loadConfig().apiUrl}/v1/dev/outbox/email`, { cache: 'no-store', signal: AbortSignal.timeout(10_000) }).catch(() => null);
  if (!res?.ok) return null;
  const { messages } = (await res.json()) as { messages: CapturedMail[] };
  return (
    <section aria-labelledby="email-outbox">
      <h2 id="email-outbox">E-mail</h2>
      <p>
        Lead e-mails captured by the local SMTP server (<code>SMTP_URL</code> unset), newest first. Nothing here left this machine.
      </p>
      {messages.length === 0 ? (
        <p>No e-mails yet. Give the demo agent an e-mail address (My landing page → Lead e-mails) and submit a lead.</p>
      ) : (
        <ol className="outbox">
          {messages.map((m) => (
            <li key={m.id} className="card">
              <p>
                <strong>{m.subject}</strong> · to {m.to.join(', ')} ·{' '}
                <time dateTime={m.received_at}>{new Date(m.received_at).toLocaleString('en-US')}</time>
              </p>
              <pre className="small">{m.text}</pre>
              {m.html ? (
                <details>
                  <summary>HTML part</summary>
                  <iframe title={`HTML part of ${m.subject}`} sandbox="" srcDoc={m.html} width="100%" height="480" />
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
