/**
 * The mobile phone field: formats as typed once libphonenumber-js/core is loaded (on the field's
 * first focus, a separate chunk, so it is not part of the first-load JavaScript) and checks the
 * number against the allowed countries; before the library is there, a simpler check stands in.
 */
import type { MetadataJson } from 'libphonenumber-js/core';
import { phoneProblem } from '../lib/phone';
import { formatAsTyped, loadPhoneLib, phoneProblemWith, type PhoneLib } from '../lib/phone-input';

export class PhoneField {
  private lib: PhoneLib | null = null;
  private previous: string;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly metadata: MetadataJson,
    private readonly allowed: string[],
    onEdit: () => void,
  ) {
    this.previous = input.value;
    input.addEventListener('focus', () => this.warm());
    input.addEventListener('input', () => {
      if (this.lib) this.format(this.previous);
      else this.warm();
      this.previous = input.value;
      onEdit();
    });
  }

  /** Formats the field's value as typed (left alone when it got shorter than `previous`: a deletion). */
  private format(previous: string): void {
    const raw = this.input.value;
    const formatted = formatAsTyped(this.lib!, raw, previous, this.allowed);
    if (formatted !== raw) this.input.value = formatted;
    this.previous = this.input.value;
  }

  get value(): string {
    return this.input.value;
  }

  private warm(): void {
    loadPhoneLib(this.metadata)
      .then((L) => {
        const first = !this.lib;
        this.lib = L;
        // what was typed (or pasted) while the library loaded is formatted now, not on the next keystroke
        if (first && this.input.value) this.format('');
      })
      .catch(() => undefined);
  }

  /** A sentence for the person, or null when the number is fine. */
  async problem(): Promise<string | null> {
    const L = this.lib ?? (await loadPhoneLib(this.metadata).catch(() => null));
    return L ? phoneProblemWith(L, this.input.value, this.allowed) : phoneProblem(this.input.value);
  }
}
