'use client';

import { FACT_KEYS, FACT_LABELS, factBounds, factsSummary, type FactKey, type Facts } from '../../../lib/facts';

export type PropertyState = { status: 'idle' } | { status: 'loading' } | { status: 'unknown' } | { status: 'found'; facts: Facts };

interface Props {
  state: PropertyState;
  typed: Record<FactKey, string>;
  onTyped: (key: FactKey, value: string) => void;
  editing: boolean;
  onEditing: (editing: boolean) => void;
  errors: Partial<Record<FactKey, string>>;
}

/** "Is this your home?" — the MLS's facts, which the consumer may correct before submitting. */
export function PropertyFacts({ state, typed, onTyped, editing, onEditing, errors }: Props) {
  return (
    <div className="property-confirm" aria-live="polite">
      {state.status === 'loading' && <p className="hint">Looking up your home…</p>}
      {state.status === 'found' && (
        <div role="group" aria-labelledby="property-title">
          <p id="property-title" className="property-title">
            Is this your home?
          </p>
          <p className="property-summary" id="property-summary">
            {factsSummary(state.facts) || 'We found your home in recent records.'}
          </p>
          <button
            type="button"
            className="link-btn"
            aria-expanded={editing}
            aria-controls="facts-edit"
            onClick={() => onEditing(!editing)}
          >
            {editing ? 'Done correcting' : 'Something’s wrong? Correct the details'}
          </button>
          {editing && (
            <fieldset id="facts-edit" className="facts-edit">
              <legend className="sr-only">Correct the details of your home</legend>
              {FACT_KEYS.map((k) => {
                const id = `fact-${k}`;
                const b = factBounds(k);
                return (
                  <div className="fact-field" key={k}>
                    <label htmlFor={id}>{FACT_LABELS[k]}</label>
                    <input
                      id={id}
                      className="input"
                      type="text"
                      inputMode={b.step === 1 ? 'numeric' : 'decimal'}
                      autoComplete="off"
                      value={typed[k]}
                      onChange={(e) => onTyped(k, e.target.value)}
                      aria-invalid={errors[k] ? true : undefined}
                      aria-describedby={errors[k] ? `${id}-error` : undefined}
                    />
                    {errors[k] && (
                      <p className="field-error" id={`${id}-error`}>
                        {errors[k]}
                      </p>
                    )}
                  </div>
                );
              })}
            </fieldset>
          )}
        </div>
      )}
    </div>
  );
}
