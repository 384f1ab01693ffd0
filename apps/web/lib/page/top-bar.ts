/** Markup both pages rendered without React show: the brokerage bar and the agent's avatar. */
import { html, type SafeHtml } from '@opencma/view';
import { initials } from '../initials';

/** Brokerage bar: the logo (a URL validated by @opencma/view) when there is one, else the brokerage (or agent) name as text. */
export function topBar(logo: string | null, name: string | null, fallback: string): SafeHtml {
  return html`<header class="topbar"><div class="page topbar-inner">${
    logo
      ? html`<img class="logo" src="${logo}" alt="${name ?? 'Brokerage logo'}" height="40" width="160">`
      : html`<span class="brand-name">${name ?? fallback}</span>`
  }</div></header>`;
}

/** Agent photo (a validated URL) or their initials; decorative: the name is always next to it. */
export function avatar(name: string, photo: string | null, size = 56): SafeHtml {
  return photo
    ? html`<img class="avatar" src="${photo}" alt="" width="${size}" height="${size}" decoding="async">`
    : html`<span class="avatar avatar-fallback" aria-hidden="true">${initials(name)}</span>`;
}
