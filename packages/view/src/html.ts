/**
 * HTML built from template literals with every interpolated value escaped: the one way OpenCMA writes
 * markup — the pages rendered without React (landing page, report), the PDF's print document and the
 * e-mails. Agent, account and report texts are data typed by customers or taken from the MLS: they
 * only ever reach a document through `html`, never through `raw`.
 *
 *   html`<h1 id="headline">${agent.headline}</h1>`   // "<script>" → "&lt;script&gt;"
 *
 * Attribute values must be quoted in the template ("…"): quotes inside values are escaped too.
 */

/** Markup that is already safe: the result of `html`, or trusted text passed through `raw`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate: text (escaped), markup, numbers, lists; null/undefined/false render nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ENTITIES[c]!) : text;
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Items with a separator between them, e.g. join(parts, html` · `); empty items (null, '', false) are left out. */
export function join(items: readonly HtmlValue[], separator: SafeHtml): SafeHtml {
  const kept = items.filter((item) => item !== null && item !== undefined && item !== false && item !== '');
  return new SafeHtml(kept.map((item, i) => (i ? separator.value : '') + render(item)).join(''));
}

/** Trusted markup or CSS from our own code (never customer data): inserted as is. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * A value as JSON inside <script type="application/json">: "<" is written as \u003c so no text can
 * close the element ("</script>") or open a comment; U+2028/2029 are escaped for old parsers.
 */
export function jsonForScript(value: unknown): SafeHtml {
  const json = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new SafeHtml(json);
}
