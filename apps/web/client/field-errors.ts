/**
 * Inline errors: a message under each field (aria-invalid + aria-describedby on its input) and an
 * error summary at the top of the form (role="alert", links to the fields), focused after a submit.
 * An error goes away as soon as the person changes that field; the summary is re-checked on submit.
 * lib/landing/lead-form.ts renders the same markup on the server (a form posted without JavaScript).
 */
import { FIELD_ORDER, fieldId, SUMMARY_TITLE, type Field, type FormErrors } from '../lib/lead-submit';
import { attr, el } from './dom';

/** The element of a field: its input, or (Turnstile) the box it is in. null when not on the page. */
export type FieldElement = (field: Field) => HTMLElement | null;

export class ErrorView {
  private errors: FormErrors = {};

  constructor(
    private readonly form: HTMLFormElement,
    private readonly element: FieldElement,
  ) {}

  get current(): FormErrors {
    return this.errors;
  }

  /** Replaces every error, then moves focus to the summary so it is read out. */
  show(errors: FormErrors): void {
    this.errors = errors;
    for (const f of FIELD_ORDER) this.renderField(f);
    this.renderSummary();
    requestAnimationFrame(() => this.form.querySelector<HTMLElement>('#form-errors')?.focus());
  }

  /** Clears every error without moving focus. */
  reset(): void {
    this.errors = {};
    for (const f of FIELD_ORDER) this.renderField(f);
    this.renderSummary();
  }

  clear(field: Field): void {
    if (!this.errors[field]) return;
    this.errors = { ...this.errors, [field]: undefined };
    this.renderField(field);
    this.renderSummary();
  }

  /** Re-applies a field's error, e.g. after its input was (re)created. */
  renderField(field: Field): void {
    const target = this.element(field);
    const errorId = `${fieldId(field)}-error`;
    const message = this.errors[field];
    const container = target?.closest<HTMLElement>('.field, .fact-field');
    container?.querySelector(`#${errorId}`)?.remove();
    if (target instanceof HTMLInputElement) {
      attr(target, 'aria-invalid', message ? 'true' : null);
      const ids = (target.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && id !== errorId);
      if (message) ids.push(errorId);
      attr(target, 'aria-describedby', ids.length ? ids.join(' ') : null);
    }
    if (!message || !container) return;
    // under the field's own parts; for the address, above the property confirmation
    container.insertBefore(el('p', { class: 'field-error', id: errorId }, message), container.querySelector(':scope > .property-confirm'));
  }

  private renderSummary(): void {
    const list = FIELD_ORDER.filter((f) => this.errors[f]);
    let box = this.form.querySelector<HTMLElement>('#form-errors');
    if (!this.errors.form && !list.length) {
      box?.remove();
      return;
    }
    if (!box) {
      box = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', id: 'form-errors' });
      this.form.prepend(box);
    }
    const items = list.map((f) => el('li', {}, el('a', { href: `#${fieldId(f)}` }, this.errors[f]!)));
    box.replaceChildren(this.errors.form ?? SUMMARY_TITLE, ...(items.length ? [el('ul', {}, ...items)] : []));
  }
}
