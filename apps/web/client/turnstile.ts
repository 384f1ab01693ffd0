/**
 * Cloudflare Turnstile, only when the site has a key. Cloudflare's script is loaded on the person's
 * first interaction with the form (not with the page), and reports each new token, or null when
 * it expires or fails.
 */
declare global {
  interface Window {
    turnstile?: {
      render(el: HTMLElement, opts: Record<string, unknown>): string;
      reset(id?: string): void;
      remove(id: string): void;
    };
  }
}

const SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';

function loadScript(): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = SCRIPT;
    s.async = true;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error('Turnstile failed to load'));
    document.head.appendChild(s);
  });
}

export function mountTurnstile(form: HTMLFormElement, box: HTMLElement, siteKey: string, onToken: (token: string | null) => void): void {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    loadScript()
      .then(() => {
        window.turnstile?.render(box, {
          sitekey: siteKey,
          callback: (token: string) => onToken(token),
          'expired-callback': () => onToken(null),
          'error-callback': () => onToken(null),
        });
      })
      .catch(() => onToken(null));
  };
  form.addEventListener('focusin', start, { once: true });
  form.addEventListener('pointerdown', start, { once: true });
}
