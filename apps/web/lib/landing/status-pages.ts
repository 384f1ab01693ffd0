/**
 * The answers of the landing and report routes when there is no page to show, in the look of
 * app/not-found.tsx and app/error.tsx (which the React pages use): an unknown agent code or report
 * id (404), a visitor the API limits (429) and an API that could not be reached (503).
 */
import { FACT_KEYS } from '../facts';
import { html, type SafeHtml } from '@opencma/view';
import { factName, FIELD_NAMES, mlsFactName, SEND_FAILED, type LeadFormValues } from '../lead-submit';
import { renderDocument, type PageContext } from '../page/document';

const DESCRIPTION = 'A free, data-backed estimate of what your home is worth, from a local real-estate agent.';

export function renderNotFoundPage(ctx: PageContext): string {
  return renderDocument({
    ...ctx,
    title: 'Page not found',
    description: DESCRIPTION,
    robots: 'noindex, nofollow',
    body: html`<main class="page narrow center-page"><div class="card"><p class="eyebrow">404</p><h1>We couldn’t find that page</h1><p>The link may be mistyped, or it may no longer be active. If a real-estate agent sent you this link, please check it with them — they can send you a new one.</p></div></main>`,
  });
}

const TOO_MANY_LINKS = 'We received too many requests for reports from your network. Please wait a minute, then open your link again.';

/** The API limits this visitor (too many unknown report links from one network; decision 0017), or what `message` says. */
export function renderTooManyRequestsPage(ctx: PageContext, message: string = TOO_MANY_LINKS): string {
  return renderDocument({
    ...ctx,
    title: 'Too many requests',
    description: DESCRIPTION,
    robots: 'noindex, nofollow',
    body: html`<main class="page narrow center-page"><div class="card"><p class="eyebrow">429</p><h1>Too many requests</h1><p>${message}</p></div></main>`,
  });
}

/** The posted fields again, hidden, so "Try again" sends them once more (the honeypot and the one-time Turnstile token stay behind). */
function resendFields(v: LeadFormValues): SafeHtml {
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
  return html`${hidden(FIELD_NAMES.phone, v.phone)}${hidden(FIELD_NAMES.address, v.address)}${v.consent ? hidden(FIELD_NAMES.consent, 'on') : ''}${
    v.consentVersion === null ? '' : hidden(FIELD_NAMES.consentVersion, String(v.consentVersion))
  }${v.facts ? FACT_KEYS.map((k) => html`${hidden(mlsFactName(k), String(v.facts!.mls[k] ?? ''))}${hidden(factName(k), v.facts!.typed[k])}`) : ''}`;
}

/**
 * The API could not be reached. For a form posted without JavaScript (`resend`), nothing typed is
 * lost: "Try again" posts the same fields again.
 */
export function renderUnavailablePage(ctx: PageContext, resend?: LeadFormValues): string {
  return renderDocument({
    ...ctx,
    title: 'Home value report',
    description: DESCRIPTION,
    robots: 'noindex, nofollow',
    body: resend
      ? html`<main class="page narrow center-page"><div class="card"><h1>Something went wrong on our side</h1><p>${SEND_FAILED}</p><form method="post" novalidate>${resendFields(
          resend,
        )}<button type="submit" class="btn">Try again</button></form></div></main>`
      : html`<main class="page narrow center-page"><div class="card"><h1>Something went wrong on our side</h1><p>We couldn’t load this page just now. Please try again in a moment.</p><a class="btn" href="">Try again</a></div></main>`,
  });
}
