import { randomBytes } from 'node:crypto';
import { decodeHTMLAttribute } from 'entities';
import { setHomeUpdateTracking } from '@opencma/db';
import type { WorkerDeps } from '../deps';

/** Where an update's open pixel and click-through links live (apps/api routes/home-update-tracking.ts). */
export const openPixelUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl}/v1/home-updates/open/${token}`;
export const clickUrl = (publicBaseUrl: string, token: string, index: number) => `${publicBaseUrl}/v1/home-updates/click/${token}/${index}`;

/** `<a … href="…"` in the rendered e-mail (the view layer always double-quotes attributes). */
const ANCHOR_HREF = /(<a\b[^>]*?\shref=")([^"]*)(")/gi;

export interface TrackedHtml {
  html: string;
  /** The rewritten links' targets, by index (a click redirects only to one of these). */
  links: string[];
}

/**
 * Rewrites a rendered update e-mail for tracking (pure): each link to this site (`publicBaseUrl`)
 * becomes a click-through link with the update's token and the link's index, and a 1×1 open pixel goes
 * before `</body>`. Left alone: links elsewhere (we never redirect off the site) and the unsubscribe /
 * preferences link (it must work as it is, and a click on it is no sign of interest). The text part is
 * not rewritten: its links stay readable.
 */
export function addHomeUpdateTracking(html: string, opts: { publicBaseUrl: string; token: string }): TrackedHtml {
  const links: string[] = [];
  const own = `${opts.publicBaseUrl}/`;
  const rewritten = html.replace(ANCHOR_HREF, (whole, start: string, href: string, end: string) => {
    const url = decodeHTMLAttribute(href);
    if (!url.startsWith(own) || url.startsWith(`${own}v1/home-updates/`) || url.startsWith(`${own}home-updates/`)) return whole;
    let index = links.indexOf(url);
    if (index < 0) index = links.push(url) - 1;
    return `${start}${clickUrl(opts.publicBaseUrl, opts.token, index)}${end}`;
  });
  const pixel = `<img src="${openPixelUrl(opts.publicBaseUrl, opts.token)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
  const at = rewritten.search(/<\/body>/i);
  return { html: at < 0 ? `${rewritten}${pixel}` : `${rewritten.slice(0, at)}${pixel}${rewritten.slice(at)}`, links };
}

/**
 * The one call send.ts makes (decision 0036): gives the claimed update a random 192-bit token, stores it
 * with the e-mail's links while the claim is still this sender's, and returns the tracked HTML. Tracking
 * never stops an update: when the token cannot be stored the e-mail goes out as it was rendered.
 */
export async function trackHomeUpdateEmail(
  deps: Pick<WorkerDeps, 'database' | 'config' | 'logger'>,
  update: { id: string; claim_id: string | null },
  mail: { html: string },
): Promise<{ html: string }> {
  if (!update.claim_id) return { html: mail.html };
  const token = randomBytes(24).toString('base64url');
  const tracked = addHomeUpdateTracking(mail.html, { publicBaseUrl: deps.config.publicBaseUrl, token });
  try {
    if (await setHomeUpdateTracking(deps.database.db, update.id, update.claim_id, token, tracked.links)) return { html: tracked.html };
  } catch (err) {
    // the error's class only: a database error's message quotes the query's parameters (the token, the links)
    deps.logger.warn(
      { error: err instanceof Error ? err.name : typeof err, home_update_id: update.id },
      'home update tracking not stored; sent without it',
    );
  }
  return { html: mail.html };
}
