import { describe, expect, it } from 'vitest';
import { suggestionLabel, unitOf, withoutUnit, withTypedUnit } from '../lib/address';
import { corrections, factProblem, factsSummary } from '../lib/facts';
import { formatAsTyped, loadPhoneLib as load, phoneProblemWith } from '../lib/phone-input';
import { phoneMetadataFor } from '../lib/phone-metadata';

describe('address autocomplete keeps unit numbers', () => {
  it.each([
    ['1156 N 93rd St Apt 4', 'Apt 4'],
    ['1156 N 93rd St #12B', '#12B'],
    ['500 Pine St Unit 1203, Seattle', 'Unit 1203'],
    ['500 Pine St Suite 200', 'Suite 200'],
    ['1156 N 93rd St', null],
    ['1156 N 93rd', null],
  ])('unitOf(%j) → %j', (typed, unit) => expect(unitOf(typed)).toBe(unit));

  it('searches without the unit', () => {
    expect(withoutUnit('1156 N 93rd St Apt 4')).toBe('1156 N 93rd St');
    expect(withoutUnit('500 Pine St #7, Seattle')).toBe('500 Pine St, Seattle');
    expect(withoutUnit('1156 N 93rd')).toBe('1156 N 93rd');
  });

  it('adds the typed unit to a picked building address, once', () => {
    expect(withTypedUnit('1156 N 93rd St Apt 4', '1156 N 93rd St')).toBe('1156 N 93rd St Apt 4');
    expect(withTypedUnit('500 pine #7', '500 Pine St')).toBe('500 Pine St #7');
    expect(withTypedUnit('500 Pine St #7', '500 Pine St #7')).toBe('500 Pine St #7');
    expect(withTypedUnit('1156 N 93', '1156 N 93rd St')).toBe('1156 N 93rd St');
    expect(suggestionLabel({ address: '1156 N 93rd St', city: 'Seattle', postalCode: '98103' }, '1156 N 93rd St Apt 4')).toBe(
      '1156 N 93rd St Apt 4, Seattle 98103',
    );
  });
});

describe('property facts', () => {
  it.each([
    ['bedrooms', '3', null],
    ['bedrooms', '', null],
    ['bedrooms', '2.5', 'Bedrooms: a whole number.'],
    ['bedrooms', '40', 'Bedrooms: between 0 and 20.'],
    ['bathrooms', '2.25', null],
    ['bathrooms', '2.3', 'Bathrooms: in steps of 0.25 (e.g. 2.5).'],
    ['sqftLiving', '1,560', null],
    ['sqftLiving', 'big', 'Square feet: enter a number.'],
    ['yearBuilt', '1700', expect.stringMatching(/^Year built: between 1,800 and/)],
  ] as const)('factProblem(%s, %j)', (key, raw, problem) => expect(factProblem(key, raw)).toEqual(problem));

  it('sends only what differs from the MLS', () => {
    const mls = { bedrooms: 3, bathrooms: 1.75, sqftLiving: 1560, yearBuilt: null };
    expect(corrections(mls, { bedrooms: '3', bathrooms: '2', sqftLiving: '1,560', yearBuilt: '1952' })).toEqual({ bathrooms: 2, yearBuilt: 1952 });
    expect(corrections(mls, { bedrooms: '', bathrooms: '1.75', sqftLiving: '1560', yearBuilt: '' })).toEqual({});
  });

  it('summarises the facts the MLS knows', () => {
    expect(factsSummary({ bedrooms: 3, bathrooms: 1.75, sqftLiving: 1560, yearBuilt: 1952 })).toBe('3 beds · 1.75 baths · 1,560 sq ft · built 1952');
    expect(factsSummary({ bedrooms: 1, bathrooms: 1, sqftLiving: null, yearBuilt: null })).toBe('1 bed · 1 bath');
  });
});

describe('phone input (libphonenumber-js core + min metadata of the allowed countries)', () => {
  const allowed = ['US', 'CA'];
  const loadPhoneLib = () => load(phoneMetadataFor(allowed));

  it("ships only the allowed countries (and their calling code's main country)", () => {
    const meta = phoneMetadataFor(allowed) as unknown as { countries: object; country_calling_codes: object };
    expect(Object.keys(meta.countries).sort()).toEqual(['CA', 'US']);
    expect(meta.country_calling_codes).toEqual({ 1: ['US', 'CA'] });
    const ca = phoneMetadataFor(['CA']) as unknown as { countries: object };
    expect(Object.keys(ca.countries).sort()).toEqual(['CA', 'US']);
  });

  it('formats as typed and leaves deletions alone', async () => {
    const L = await loadPhoneLib();
    expect(formatAsTyped(L, '2015550123', '201555012', allowed)).toBe('(201) 555-0123');
    expect(formatAsTyped(L, '+1 416 555 0199', '+1 416 555 019', allowed)).toBe('+1 416 555 0199');
    expect(formatAsTyped(L, '(201', '(201)', allowed)).toBe('(201');
  });

  it.each([
    ['(201) 555-0123', null],
    ['+1 416-555-0199', null],
    ['', 'Enter your mobile phone number.'],
    ['555-12', 'That doesn’t look like a valid mobile number. Check the digits.'],
    ['+44 20 7946 0958', 'Only US or Canadian numbers are supported.'],
    ['call me', 'Use digits only, for example (206) 555-0123.'],
  ])('phoneProblemWith(%j) → %j', async (raw, problem) => {
    expect(phoneProblemWith(await loadPhoneLib(), raw, allowed)).toBe(problem);
  });
});
