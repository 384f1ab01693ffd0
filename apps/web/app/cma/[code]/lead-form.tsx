'use client';

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useRouter } from 'next/navigation';
import type { MetadataJson } from 'libphonenumber-js/core';
import { phoneProblem } from '../../../lib/phone';
import { formatAsTyped, loadPhoneLib, phoneProblemWith } from '../../../lib/phone-input';
import { suggestionLabel, withoutUnit, withTypedUnit } from '../../../lib/address';
import { corrections, FACT_KEYS, factProblem, type FactKey, type Facts } from '../../../lib/facts';
import { PropertyFacts, type PropertyState } from './property-facts';
import { Turnstile } from './turnstile';

interface Suggestion {
  address: string;
  city: string | null;
  postalCode: string | null;
  latitude: number | null;
  longitude: number | null;
  mlsId: string | null;
  placeId?: string | null;
}

type Field = 'phone' | 'address' | FactKey | 'consent' | 'turnstile';
type Errors = Partial<Record<Field | 'form', string>>;

const FIELD_ORDER: Field[] = ['phone', 'address', ...FACT_KEYS, 'consent', 'turnstile'];
const FIELD_IDS: Partial<Record<Field, string>> = Object.fromEntries(FACT_KEYS.map((k) => [k, `fact-${k}`]));
const LISTBOX = 'address-listbox';
const EMPTY_TYPED: Record<FactKey, string> = { bedrooms: '', bathrooms: '', sqftLiving: '', yearBuilt: '' };

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}

interface Props {
  agentCode: string;
  ctaText: string;
  consentText: string;
  allowedCountries: string[];
  /** libphonenumber-js metadata of the allowed countries (small: see lib/phone-metadata.ts). */
  phoneMetadata: MetadataJson;
  turnstileSiteKey: string | null;
}

export function LeadForm({ agentCode, ctaText, consentText, allowedCountries, phoneMetadata, turnstileSiteKey }: Props) {
  const router = useRouter();
  const [phone, setPhone] = useState('');
  const [address, setAddress] = useState('');
  const [query, setQuery] = useState('');
  const [place, setPlace] = useState<Suggestion | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [property, setProperty] = useState<PropertyState>({ status: 'idle' });
  const [typedFacts, setTypedFacts] = useState(EMPTY_TYPED);
  const [editingFacts, setEditingFacts] = useState(false);
  const [consent, setConsent] = useState(false);
  const [turnstileToken, setTurnstileToken] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  /** Set once React has attached its handlers; browser tests wait for it before typing. */
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const honeypot = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const phoneLib = useRef<Awaited<ReturnType<typeof loadPhoneLib>> | null>(null);

  /** An error goes away as soon as the person changes that field (the summary re-checks on submit). */
  const clearError = (field: Field) => setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));

  const warmPhoneLib = () => {
    loadPhoneLib(phoneMetadata)
      .then((L) => (phoneLib.current = L))
      .catch(() => undefined);
  };

  // Debounced address lookup; stale answers are aborted.
  useEffect(() => {
    const q = withoutUnit(query).trim();
    if (q.length < 3) {
      setSuggestions([]);
      setOpen(false);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/v1/addresses?q=${encodeURIComponent(q)}&limit=8`, { signal: ctrl.signal });
        if (!res.ok) return;
        const body = (await res.json()) as { suggestions?: Suggestion[] };
        const list = Array.isArray(body.suggestions) ? body.suggestions.slice(0, 8) : [];
        setSuggestions(list);
        setActive(-1);
        setOpen(list.length > 0);
      } catch {
        /* aborted or offline: the consumer can still type the full address */
      }
    }, 180);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [query]);

  /** After a pick: resolve a Google place, then ask the MLS what it knows about the home. */
  async function resolvePick(picked: Suggestion, street: string) {
    let resolved = picked;
    if (picked.placeId && picked.latitude === null) {
      const res = await fetch(`/v1/addresses/place?id=${encodeURIComponent(picked.placeId)}`).catch(() => null);
      if (res?.ok) {
        const details = (await res.json()) as Suggestion;
        resolved = details;
        street = withTypedUnit(street, details.address);
        setAddress(suggestionLabel(details, street));
        setPlace(details);
      }
    }
    const params = new URLSearchParams({ address: suggestionLabel(resolved, street) });
    if (resolved.mlsId) params.set('mlsId', resolved.mlsId);
    if (resolved.postalCode) params.set('postalCode', resolved.postalCode);
    const res = await fetch(`/v1/properties/lookup?${params}`).catch(() => null);
    const body = res?.ok ? ((await res.json()) as { property: Facts | null }) : null;
    if (!body?.property) return setProperty({ status: 'unknown' });
    const facts: Facts = {
      bedrooms: body.property.bedrooms,
      bathrooms: body.property.bathrooms,
      sqftLiving: body.property.sqftLiving,
      yearBuilt: body.property.yearBuilt,
    };
    setProperty({ status: 'found', facts });
    setTypedFacts(Object.fromEntries(FACT_KEYS.map((k) => [k, facts[k] === null ? '' : String(facts[k])])) as Record<FactKey, string>);
  }

  function choose(s: Suggestion) {
    const street = withTypedUnit(address, s.address);
    setAddress(suggestionLabel(s, street));
    setPlace(s);
    setOpen(false);
    setActive(-1);
    setSuggestions([]);
    setErrors((e) => ({ ...e, address: undefined }));
    setEditingFacts(false);
    setProperty({ status: 'loading' });
    void resolvePick(s, street).catch(() => setProperty({ status: 'unknown' }));
  }

  function onAddressKey(e: KeyboardEvent<HTMLInputElement>) {
    const n = suggestions.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!n) return;
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(e.key === 'ArrowDown' ? 0 : n - 1);
        return;
      }
      setActive((i) => (e.key === 'ArrowDown' ? (i + 1) % n : i <= 0 ? n - 1 : i - 1));
    } else if (e.key === 'Enter') {
      const s = open ? suggestions[active] : undefined;
      if (s) {
        e.preventDefault();
        choose(s);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      }
    }
  }

  async function validate(): Promise<Errors> {
    const found: Errors = {};
    const L = phoneLib.current ?? (await loadPhoneLib(phoneMetadata).catch(() => null));
    const p = L ? phoneProblemWith(L, phone, allowedCountries) : phoneProblem(phone);
    if (p) found.phone = p;
    if (address.trim().length < 5) found.address = 'Enter the address of the home, then pick it from the list if it appears.';
    if (property.status === 'found') {
      for (const k of FACT_KEYS) {
        const problem = factProblem(k, typedFacts[k]);
        if (problem) found[k] = problem;
      }
      if (FACT_KEYS.some((k) => found[k])) setEditingFacts(true);
    }
    if (!consent) found.consent = 'Please tick the box so we can text you your report.';
    if (turnstileSiteKey && !turnstileToken) found.turnstile = 'Please complete the verification below.';
    return found;
  }

  function showErrors(found: Errors) {
    setErrors(found);
    requestAnimationFrame(() => summary.current?.focus());
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const found = await validate();
    if (Object.keys(found).length) {
      setBusy(false);
      return showErrors(found);
    }
    setErrors({});
    const placeBody = place
      ? Object.fromEntries(
          Object.entries({
            mlsId: place.mlsId,
            latitude: place.latitude,
            longitude: place.longitude,
            postalCode: place.postalCode,
          }).filter(([, v]) => v !== null && v !== undefined),
        )
      : undefined;
    const facts = property.status === 'found' ? corrections(property.facts, typedFacts) : {};
    try {
      const res = await fetch('/v1/consumer-reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          agent_code: agentCode,
          phone: phone.trim(),
          address: address.trim(),
          ...(placeBody ? { place: placeBody } : {}),
          ...(Object.keys(facts).length ? { facts } : {}),
          consent: true,
          consent_text: consentText,
          page_url: window.location.href,
          website: honeypot.current?.value ?? '',
          ...(turnstileToken ? { turnstile_token: turnstileToken } : {}),
        }),
      });
      const body = (await res.json().catch(() => null)) as {
        report_id?: string;
        error?: { message?: string; fields?: Record<string, string> };
      } | null;
      if ((res.status === 202 || res.ok) && body?.report_id) {
        router.push(`/r/${encodeURIComponent(body.report_id)}`);
        return;
      }
      const next: Errors = {};
      const fields = body?.error?.fields ?? {};
      for (const f of FIELD_ORDER) {
        const msg = fields[f] ?? fields[`facts.${f}`];
        if (msg) next[f] = msg;
      }
      if (res.status === 429) next.form = body?.error?.message ?? 'Too many requests right now. Please wait a while and try again.';
      else if (res.status === 404 || fields.agent_code) next.form = 'This page is no longer active. Please contact the agent directly.';
      else if (!Object.keys(next).length) {
        // field errors we have no input for (e.g. consent_text) still say more than a generic message
        const other = Object.entries(fields).filter(([k]) => k !== 'agent_code').map(([, v]) => v);
        next.form = other.length ? other.join(' ') : (body?.error?.message ?? 'Something went wrong. Please try again.');
      }
      if (FACT_KEYS.some((k) => next[k])) setEditingFacts(true);
      setBusy(false);
      showErrors(next);
    } catch {
      setBusy(false);
      showErrors({ form: 'We couldn’t reach our server. Check your connection and try again.' });
    }
  }

  const list = FIELD_ORDER.filter((f) => errors[f]);
  const hasErrors = !!errors.form || list.length > 0;
  const activeId = open && active >= 0 ? `address-opt-${active}` : undefined;
  const factErrors = Object.fromEntries(FACT_KEYS.filter((k) => errors[k]).map((k) => [k, errors[k]]));

  return (
    <form onSubmit={onSubmit} noValidate data-hydrated={hydrated ? 'true' : undefined}>
      {hasErrors && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} id="form-errors">
          {errors.form ?? 'Please check the following:'}
          {list.length > 0 && (
            <ul>
              {list.map((f) => (
                <li key={f}>
                  <a href={`#${FIELD_IDS[f] ?? f}`}>{errors[f]}</a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <div className="field">
        <label htmlFor="phone">Mobile phone</label>
        <input
          id="phone"
          name="phone"
          className="input"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder="(206) 555-0123"
          value={phone}
          onFocus={warmPhoneLib}
          onChange={(e) => {
            const raw = e.target.value;
            setPhone((prev) => (phoneLib.current ? formatAsTyped(phoneLib.current, raw, prev, allowedCountries) : raw));
            if (!phoneLib.current) warmPhoneLib();
            clearError('phone');
          }}
          aria-invalid={errors.phone ? true : undefined}
          aria-describedby={describedBy('phone-hint', errors.phone && 'phone-error')}
        />
        <p className="hint" id="phone-hint">
          We’ll text your report link to this number.
        </p>
        {errors.phone && (
          <p className="field-error" id="phone-error">
            {errors.phone}
          </p>
        )}
      </div>

      <div className="field">
        <label htmlFor="address">Property address</label>
        <div style={{ position: 'relative' }}>
          <input
            id="address"
            name="address"
            className="input"
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={LISTBOX}
            aria-activedescendant={activeId}
            autoComplete="off"
            spellCheck={false}
            placeholder="Start typing your address"
            value={address}
            onChange={(e) => {
              setAddress(e.target.value);
              setQuery(e.target.value);
              setPlace(null);
              setProperty({ status: 'idle' });
              clearError('address');
            }}
            onKeyDown={onAddressKey}
            onBlur={() => setOpen(false)}
            onFocus={() => suggestions.length && !place && setOpen(true)}
            aria-invalid={errors.address ? true : undefined}
            aria-describedby={describedBy('address-hint', errors.address && 'address-error')}
          />
          <ul id={LISTBOX} role="listbox" aria-label="Address suggestions" className="listbox" hidden={!open}>
            {suggestions.map((s, i) => (
              <li
                key={`${s.mlsId ?? s.placeId ?? ''}-${i}`}
                id={`address-opt-${i}`}
                role="option"
                aria-selected={i === active}
                className="option"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(s)}
              >
                {s.address}
                {(s.city || s.postalCode) && <small>{[s.city, s.postalCode].filter(Boolean).join(' ')}</small>}
              </li>
            ))}
          </ul>
        </div>
        <p className="hint" id="address-hint">
          Include your unit number if you have one.
        </p>
        <p className="sr-only" aria-live="polite">
          {open ? `${suggestions.length} suggestion${suggestions.length === 1 ? '' : 's'} available. Use up and down arrows to choose.` : ''}
        </p>
        {errors.address && (
          <p className="field-error" id="address-error">
            {errors.address}
          </p>
        )}
        <PropertyFacts
          state={property}
          typed={typedFacts}
          onTyped={(k, v) => {
            setTypedFacts((t) => ({ ...t, [k]: v }));
            clearError(k);
          }}
          editing={editingFacts}
          onEditing={setEditingFacts}
          errors={factErrors}
        />
      </div>

      <div className="honeypot" aria-hidden="true">
        <label htmlFor="website">Website</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" ref={honeypot} defaultValue="" />
      </div>

      <div className="field">
        <label className="check" htmlFor="consent">
          <input
            id="consent"
            name="consent"
            type="checkbox"
            checked={consent}
            onChange={(e) => {
              setConsent(e.target.checked);
              clearError('consent');
            }}
            aria-invalid={errors.consent ? true : undefined}
            aria-describedby={describedBy(errors.consent && 'consent-error')}
          />
          <span>{consentText}</span>
        </label>
        {errors.consent && (
          <p className="field-error" id="consent-error">
            {errors.consent}
          </p>
        )}
      </div>

      {turnstileSiteKey && (
        <div className="field" id="turnstile">
          <Turnstile siteKey={turnstileSiteKey} onToken={setTurnstileToken} />
          {errors.turnstile && <p className="field-error">{errors.turnstile}</p>}
        </div>
      )}

      <button type="submit" className="btn" aria-disabled={busy || undefined}>
        {ctaText}
      </button>
      <p className="fine-print">Free, no obligation. Consent is not a condition of any purchase.</p>
    </form>
  );
}
