/** /agent/sign-in: the agent's number (or e-mail), then the texted code. The script does both steps against /v1/agent/sign-in/*. */
import { html } from '@opencma/view';
import type { PageContext } from '../page/document';
import { renderAgentPage } from './layout';

export function renderSignInPage(ctx: PageContext, next: string): string {
  return renderAgentPage(ctx, {
    title: 'Sign in',
    page: 'sign-in',
    session: null,
    body: html`<div class="narrow card sign-in" data-next="${next}">
<h1>Sign in to your leads</h1>
<form id="login-form" novalidate>
<label for="login">Mobile number or e-mail</label>
<input class="input" id="login" name="login" type="text" inputmode="email" autocomplete="username" required aria-describedby="login-error">
<p class="field-error" id="login-error" role="alert"></p>
<button class="btn" type="submit">Text me a code</button>
</form>
<form id="code-form" novalidate hidden>
<p id="code-sent" class="muted" role="status"></p>
<label for="code">6-digit code</label>
<input class="input code-input" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-describedby="code-error">
<p class="field-error" id="code-error" role="alert"></p>
<button class="btn" type="submit">Sign in</button>
<button class="linklike" type="button" id="code-again">Use another number or send a new code</button>
</form>
<noscript><p>Signing in needs JavaScript.</p></noscript>
</div>`,
  });
}
