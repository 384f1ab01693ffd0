/**
 * The landing page's only script (bundled by scripts/build-pages.ts into public/landing/): attaches
 * the form's behaviour to the server-rendered HTML of lib/landing/lead-form.ts, then marks the form
 * `data-hydrated` (browser tests wait for it before typing). After a successful submission the
 * browser goes to the report page /r/{id}, which shows the status and then the report.
 */
import { FACT_KEYS, type FactKey } from '../lib/facts';
import { hasFactErrors, leadProblems, TURNSTILE_PROBLEM, type Field, type FormErrors } from '../lib/lead-submit';
import { LISTBOX_ID, PERSONAL_VALUATION_CTA } from '../lib/landing/lead-form';
import { AddressCombobox } from './address-combobox';
import { readConfig } from './config';
import { byId } from './dom';
import { ErrorView } from './field-errors';
import { PhoneField } from './phone-field';
import { PropertyFacts } from './property-facts';
import { lookupFacts, placeDetails } from './property-lookup';
import { submitLead } from './submit';
import { mountTurnstile } from './turnstile';

const isFact = (f: Field): f is FactKey => (FACT_KEYS as string[]).includes(f);

function start(form: HTMLFormElement): void {
  const config = readConfig();
  form.noValidate = true; // our inline errors instead of the browser's bubbles
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const consent = byId<HTMLInputElement>('consent');
  const honeypot = byId<HTMLInputElement>('website');
  let busy = false;
  let turnstileToken: string | null = null;
  /** The typed address could not be located and the person was told: the next submit asks for a personal valuation. */
  let personalValuation = false;
  const notice = byId<HTMLElement>('address-notice');
  const ctaText = button.textContent ?? '';
  const setPersonal = (on: boolean) => {
    personalValuation = on;
    notice.hidden = !on;
    button.textContent = on ? PERSONAL_VALUATION_CTA : ctaText;
  };
  /** Counts picks and edits of the address: the lookup of an older pick is dropped. */
  let pick = 0;

  const facts = new PropertyFacts(form.querySelector<HTMLElement>('.property-confirm')!, (k) => errors.clear(k));
  const errors = new ErrorView(form, (f) => (isFact(f) ? facts.input(f) : document.getElementById(f)));
  const phone = new PhoneField(byId<HTMLInputElement>('phone'), config.phoneMetadata, config.allowedCountries, () => errors.clear('phone'));

  const address = new AddressCombobox(byId<HTMLInputElement>('address'), byId<HTMLUListElement>(LISTBOX_ID), byId('address-status'), {
    onEdit() {
      pick++;
      if (personalValuation) setPersonal(false);
      facts.show({ status: 'idle' });
      errors.clear('address');
    },
    onPick(picked, street) {
      const mine = ++pick;
      if (personalValuation) setPersonal(false);
      errors.clear('address');
      facts.show({ status: 'loading' });
      void resolvePick(mine, picked, street).catch(() => mine === pick && facts.show({ status: 'unknown' }));
    },
  });

  /** A Google place is resolved first (its details replace the typed address), then the MLS is asked about the home. */
  async function resolvePick(mine: number, picked: NonNullable<typeof address.place>, street: string): Promise<void> {
    let place = picked;
    const details = await placeDetails(picked, street);
    if (mine !== pick) return;
    if (details) {
      ({ place, street } = details);
      address.value = details.label;
      address.place = place;
    }
    const found = await lookupFacts(place, street);
    if (mine !== pick) return;
    // a located home the MLS does not know (a Google place, or one placed on its street): its facts are asked for
    facts.show(found ? { status: 'found', facts: found } : place.latitude !== null ? { status: 'new' } : { status: 'unknown' });
  }

  consent.addEventListener('change', () => errors.clear('consent'));
  const turnstileBox = form.querySelector<HTMLElement>('#turnstile .turnstile');
  if (config.turnstileSiteKey && turnstileBox) mountTurnstile(form, turnstileBox, config.turnstileSiteKey, (t) => (turnstileToken = t));

  async function validate(): Promise<FormErrors> {
    return leadProblems({
      phoneProblem: await phone.problem(),
      address: address.value,
      factProblems: facts.problems(),
      consent: consent.checked,
      turnstileProblem: config.turnstileSiteKey && !turnstileToken ? TURNSTILE_PROBLEM : null,
    });
  }

  function setBusy(value: boolean): void {
    busy = value;
    if (value) button.setAttribute('aria-disabled', 'true');
    else button.removeAttribute('aria-disabled');
  }

  function showErrors(found: FormErrors): void {
    if (hasFactErrors(found)) facts.setEditing(true);
    setBusy(false);
    errors.show(found);
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const found = await validate();
    if (Object.keys(found).length) return showErrors(found);
    errors.reset();
    // An address typed and not picked that the MLS does not know cannot be located: say so before
    // sending, and offer the agent's personal valuation instead (the next submit asks for it).
    if (!address.place && !personalValuation && !(await lookupFacts(null, address.value))) {
      setPersonal(true);
      setBusy(false);
      notice.setAttribute('tabindex', '-1');
      notice.focus();
      return;
    }
    const result = await submitLead({
      agentCode: config.agentCode,
      phone: phone.value,
      address: address.value,
      place: address.place,
      facts: facts.corrections(),
      consentVersion: config.consentVersion,
      website: honeypot.value,
      turnstileToken,
      personalValuation,
    });
    if ('reportId' in result) {
      window.location.assign(`/r/${encodeURIComponent(result.reportId)}`);
      return;
    }
    showErrors(result.errors);
  });

  form.dataset.hydrated = 'true';
}

const form = document.querySelector<HTMLFormElement>('form[data-landing-form]');
if (form) start(form);
