/**
 * The small unsubscribe page of the update e-mails: no script, no outside resources. Its only input,
 * the form's action, is built from a token the route's schema limited to [A-Za-z0-9_-].
 */
export function unsubscribePage({ action, done }: { action: string; done: boolean }): string {
  const body = done
    ? '<h1>You are unsubscribed</h1><p>You will get no more home-value updates at this address.</p>'
    : `<h1>Home-value updates</h1><p>Stop the e-mails with updates of your home's value?</p><form method="post" action="${action}"><button type="submit">Unsubscribe</button></form>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>Home-value updates</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111}button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #333;background:#fff;cursor:pointer}</style></head><body>${body}</body></html>`;
}
