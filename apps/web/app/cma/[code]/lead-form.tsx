'use client';

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useRouter } from 'next/navigation';
import { phoneProblem } from '../../../lib/phone';

interface Suggestion {
  address: string;
  city: string | null;
  postalCode: string | null;
  latitude: number;
  longitude: number;
  mlsId: string | null;
}

type Field = 'phone' | 'address' | 'consent';
type Errors = Partial<Record<Field | 'form', string>>;

const FIELD_ORDER: Field[] = ['phone', 'address', 'consent'];
const LISTBOX = 'address-listbox';

function label(s: Suggestion): string {
  return [s.address, s.city].filter(Boolean).join(', ') + (s.postalCode ? ` ${s.postalCode}` : '');
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}

export function LeadForm({ agentCode, ctaText, consentText }: { agentCode: string; ctaText: string; consentText: string }) {
  const router = useRouter();
  const [phone, setPhone] = useState('');
  const [address, setAddress] = useState('');
  const [query, setQuery] = useState('');
  const [place, setPlace] = useState<Suggestion | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const honeypot = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLDivElement>(null);

  // Debounced address lookup; stale answers are aborted.
  useEffect(() => {
    const q = query.trim();
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

  function choose(s: Suggestion) {
    setAddress(label(s));
    setPlace(s);
    setOpen(false);
    setActive(-1);
    setSuggestions([]);
    setErrors((e) => ({ ...e, address: undefined }));
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

  function validate(): Errors {
    const found: Errors = {};
    const p = phoneProblem(phone);
    if (p) found.phone = p;
    if (address.trim().length < 5) found.address = 'Enter the address of the home, then pick it from the list if it appears.';
    if (!consent) found.consent = 'Please tick the box so we can text you your report.';
    return found;
  }

  function showErrors(found: Errors) {
    setErrors(found);
    requestAnimationFrame(() => summary.current?.focus());
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const found = validate();
    if (Object.keys(found).length) return showErrors(found);
    setErrors({});
    setBusy(true);
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
    try {
      const res = await fetch('/v1/consumer-reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          agent_code: agentCode,
          phone: phone.trim(),
          address: address.trim(),
          ...(placeBody ? { place: placeBody } : {}),
          consent: true,
          consent_text: consentText,
          page_url: window.location.href,
          website: honeypot.current?.value ?? '',
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
      for (const f of FIELD_ORDER) if (fields[f]) next[f] = fields[f];
      if (res.status === 429) next.form = 'Too many requests right now. Please wait a few minutes and try again.';
      else if (res.status === 404 || fields.agent_code) next.form = 'This page is no longer active. Please contact the agent directly.';
      else if (!Object.keys(next).length) {
        // field errors we have no input for (e.g. consent_text) still say more than a generic message
        const other = Object.entries(fields).filter(([k]) => k !== 'agent_code').map(([, v]) => v);
        next.form = other.length ? other.join(' ') : (body?.error?.message ?? 'Something went wrong. Please try again.');
      }
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

  return (
    <form onSubmit={onSubmit} noValidate>
      {hasErrors && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} id="form-errors">
          {errors.form ?? 'Please check the following:'}
          {list.length > 0 && (
            <ul>
              {list.map((f) => (
                <li key={f}>
                  <a href={`#${f}`}>{errors[f]}</a>
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
          onChange={(e) => setPhone(e.target.value)}
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
            }}
            onKeyDown={onAddressKey}
            onBlur={() => setOpen(false)}
            onFocus={() => suggestions.length && !place && setOpen(true)}
            aria-invalid={errors.address ? true : undefined}
            aria-describedby={describedBy(errors.address && 'address-error')}
          />
          <ul id={LISTBOX} role="listbox" aria-label="Address suggestions" className="listbox" hidden={!open}>
            {suggestions.map((s, i) => (
              <li
                key={`${s.mlsId ?? ''}-${i}`}
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
        <p className="sr-only" aria-live="polite">
          {open ? `${suggestions.length} suggestion${suggestions.length === 1 ? '' : 's'} available. Use up and down arrows to choose.` : ''}
        </p>
        {errors.address && (
          <p className="field-error" id="address-error">
            {errors.address}
          </p>
        )}
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
            onChange={(e) => setConsent(e.target.checked)}
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

      <button type="submit" className="btn" aria-disabled={busy || undefined}>
        {ctaText}
      </button>
      <p className="fine-print">Free, no obligation. Consent is not a condition of any purchase.</p>
    </form>
  );
}
