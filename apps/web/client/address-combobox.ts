/**
 * The property address as a WAI-ARIA combobox: an input with role="combobox" (aria-expanded,
 * aria-controls, aria-activedescendant) and a listbox of role="option" items. Suggestions come from
 * `GET /v1/addresses` 180 ms after the last keystroke; a newer keystroke aborts an older request.
 * Arrow keys move through the list, Enter picks, Escape closes; the count is announced politely.
 */
import { withoutUnit, withTypedUnit, suggestionLabel, type Suggestion } from '../lib/address';
import { attr, el } from './dom';

const DEBOUNCE_MS = 180;
const LIMIT = 8;

export interface AddressEvents {
  /** The person typed: the picked place is gone and the field's error should clear. */
  onEdit(): void;
  /** A suggestion was picked; `street` is its street line with the unit the person typed. */
  onPick(picked: Suggestion, street: string): void;
}

export class AddressCombobox {
  private suggestions: Suggestion[] = [];
  private open = false;
  private active = -1;
  /** The picked suggestion, or null while the address is typed by hand. */
  place: Suggestion | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private request: AbortController | null = null;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly listbox: HTMLUListElement,
    private readonly status: HTMLElement,
    private readonly events: AddressEvents,
  ) {
    input.addEventListener('input', () => {
      this.place = null;
      events.onEdit();
      this.search(input.value);
    });
    input.addEventListener('keydown', (e) => this.onKey(e));
    input.addEventListener('blur', () => this.setOpen(false));
    input.addEventListener('focus', () => {
      if (this.suggestions.length && !this.place) this.setOpen(true);
    });
  }

  get value(): string {
    return this.input.value;
  }

  set value(v: string) {
    this.input.value = v;
  }

  private search(typed: string): void {
    clearTimeout(this.timer);
    this.request?.abort();
    const q = withoutUnit(typed).trim();
    if (q.length < 3) {
      this.setSuggestions([]);
      this.setOpen(false);
      return;
    }
    const request = new AbortController();
    this.request = request;
    this.timer = setTimeout(async () => {
      try {
        const res = await fetch(`/v1/addresses?q=${encodeURIComponent(q)}&limit=${LIMIT}`, { signal: request.signal });
        if (!res.ok) return;
        const body = (await res.json()) as { suggestions?: Suggestion[] };
        if (request.signal.aborted) return;
        const list = Array.isArray(body.suggestions) ? body.suggestions.slice(0, LIMIT) : [];
        this.setSuggestions(list);
        this.active = -1;
        this.setOpen(list.length > 0);
      } catch {
        /* aborted or offline: the consumer can still type the full address */
      }
    }, DEBOUNCE_MS);
  }

  private choose(s: Suggestion): void {
    clearTimeout(this.timer);
    this.request?.abort();
    const street = withTypedUnit(this.input.value, s.address);
    this.input.value = suggestionLabel(s, street);
    this.place = s;
    this.active = -1;
    this.setSuggestions([]);
    this.setOpen(false);
    this.events.onPick(s, street);
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.suggestions.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!n) return;
      e.preventDefault();
      const down = e.key === 'ArrowDown';
      if (!this.open) {
        this.active = down ? 0 : n - 1;
        this.setOpen(true);
        return;
      }
      this.setActive(down ? (this.active + 1) % n : this.active <= 0 ? n - 1 : this.active - 1);
    } else if (e.key === 'Enter') {
      const s = this.open ? this.suggestions[this.active] : undefined;
      if (s) {
        e.preventDefault();
        this.choose(s);
      }
    } else if (e.key === 'Escape' && this.open) {
      e.preventDefault();
      this.active = -1;
      this.setOpen(false);
    }
  }

  private setSuggestions(list: Suggestion[]): void {
    this.suggestions = list;
    this.listbox.replaceChildren(
      ...list.map((s, i) => {
        const place = [s.city, s.postalCode].filter(Boolean).join(' ');
        const option = el(
          'li',
          { id: `address-opt-${i}`, role: 'option', 'aria-selected': 'false', class: 'option' },
          s.address,
          ...(place ? [el('small', {}, place)] : []),
        );
        option.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
        option.addEventListener('click', () => this.choose(s));
        return option;
      }),
    );
  }

  private setActive(i: number): void {
    this.active = i;
    this.render();
  }

  private setOpen(open: boolean): void {
    if (!open) this.active = -1;
    this.open = open;
    this.render();
  }

  private render(): void {
    const n = this.suggestions.length;
    this.input.setAttribute('aria-expanded', String(this.open));
    attr(this.input, 'aria-activedescendant', this.open && this.active >= 0 ? `address-opt-${this.active}` : null);
    this.listbox.hidden = !this.open;
    for (const [i, o] of [...this.listbox.querySelectorAll('[role="option"]')].entries()) o.setAttribute('aria-selected', String(i === this.active));
    const announcement = this.open ? `${n} suggestion${n === 1 ? '' : 's'} available. Use up and down arrows to choose.` : '';
    if (this.status.textContent !== announcement) this.status.textContent = announcement;
  }
}
