/**
 * "Is this your home?": after an address is picked, what the MLS knows about the home (beds, baths,
 * square feet, year built), which the consumer may correct before submitting. Rendered into the
 * form's `.property-confirm` live region.
 */
import { FACT_KEYS, FACT_LABELS, corrections, factBounds, factProblems, factsSummary, type FactKey, type Facts } from '../lib/facts';
import { factName, mlsFactName } from '../lib/lead-submit';
import { el } from './dom';

/** `new`: a located home the MLS does not know; the person may give its facts (they make the estimate better). */
export type PropertyState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'unknown' }
  | { status: 'new' }
  | { status: 'found'; facts: Facts };

const NO_FACTS: Facts = { bedrooms: null, bathrooms: null, sqftLiving: null, yearBuilt: null };

export class PropertyFacts {
  private state: PropertyState = { status: 'idle' };
  private editing = false;
  private inputs = new Map<FactKey, HTMLInputElement>();
  private toggle: HTMLButtonElement | null = null;
  private fieldset: HTMLFieldSetElement | null = null;
  private group: HTMLElement | null = null;

  constructor(
    private readonly region: HTMLElement,
    /** The person typed into a fact's input. */
    private readonly onTyped: (key: FactKey) => void,
  ) {}

  get found(): boolean {
    return this.state.status === 'found' || this.state.status === 'new';
  }

  /** A fact's input, also while the correction fields are folded away; null before a home is found. */
  input(key: FactKey): HTMLInputElement | null {
    return this.inputs.get(key) ?? null;
  }

  show(state: PropertyState): void {
    this.state = state;
    this.editing = false;
    this.inputs.clear();
    this.toggle = this.fieldset = this.group = null;
    if (state.status === 'loading') this.region.replaceChildren(el('p', { class: 'hint' }, 'Looking up your home…'));
    else if (state.status === 'found') this.region.replaceChildren(this.render(state.facts));
    else if (state.status === 'new') {
      // nothing to correct: the fields are open from the start
      this.region.replaceChildren(this.render(NO_FACTS, true));
      this.toggle = null;
    } else this.region.replaceChildren();
  }

  setEditing(editing: boolean): void {
    if (!this.toggle || !this.fieldset || !this.group) return;
    this.editing = editing;
    this.toggle.setAttribute('aria-expanded', String(editing));
    this.toggle.textContent = editing ? 'Done correcting' : 'Something’s wrong? Correct the details';
    if (editing) this.group.append(this.fieldset);
    else this.fieldset.remove();
  }

  /** Problems with the typed corrections (only when a home was found). */
  problems(): Partial<Record<FactKey, string>> {
    return this.found ? factProblems(this.typed()) : {};
  }

  /** The corrections to send: typed values that differ from the MLS's. */
  corrections(): Partial<Facts> {
    if (this.state.status === 'new') return corrections(NO_FACTS, this.typed());
    return this.state.status === 'found' ? corrections(this.state.facts, this.typed()) : {};
  }

  private typed(): Record<FactKey, string> {
    return Object.fromEntries(FACT_KEYS.map((k) => [k, this.inputs.get(k)?.value ?? ''])) as Record<FactKey, string>;
  }

  private render(facts: Facts, fresh = false): HTMLElement {
    const toggle = el(
      'button',
      { type: 'button', class: 'link-btn', 'aria-expanded': 'false', 'aria-controls': 'facts-edit' },
      'Something’s wrong? Correct the details',
    );
    toggle.addEventListener('click', () => this.setEditing(!this.editing));
    const fieldset = el(
      'fieldset',
      { id: 'facts-edit', class: 'facts-edit' },
      el('legend', { class: 'sr-only' }, 'Correct the details of your home'),
    );
    for (const k of FACT_KEYS) {
      const id = `fact-${k}`;
      const input = el('input', {
        id,
        name: factName(k),
        class: 'input',
        type: 'text',
        inputmode: factBounds(k).step === 1 ? 'numeric' : 'decimal',
        autocomplete: 'off',
      });
      input.value = facts[k] === null ? '' : String(facts[k]);
      input.addEventListener('input', () => this.onTyped(k));
      this.inputs.set(k, input);
      fieldset.append(el('div', { class: 'fact-field' }, el('label', { for: id }, FACT_LABELS[k]), input));
    }
    const group = el(
      'div',
      { role: 'group', 'aria-labelledby': 'property-title' },
      el('p', { id: 'property-title', class: 'property-title' }, fresh ? 'Tell us about your home' : 'Is this your home?'),
      el(
        'p',
        { id: 'property-summary', class: 'property-summary' },
        fresh
          ? 'It isn’t in the recent sales records. Its details (optional) make your estimate better.'
          : factsSummary(facts) || 'We found your home in recent records.',
      ),
      ...(fresh ? [] : [toggle]),
      // posted with the form only if the script stops short of sending it (see leadFormValues)
      ...FACT_KEYS.map((k) => el('input', { type: 'hidden', name: mlsFactName(k), value: facts[k] === null ? '' : String(facts[k]) })),
    );
    if (fresh) group.append(fieldset);
    this.toggle = toggle;
    this.fieldset = fieldset;
    this.group = group;
    return group;
  }
}
