import { describe, expect, it } from 'vitest';
import { owedOn, parseOwed } from '../src/home-update-owed';

const today = '2026-12-06';

describe('what the homeowner owes, for their updates (parseOwed, owedOn)', () => {
  it('nothing given is nothing on file; what you owe (with $ and commas) is an amount as of today, and wins over a purchase', () => {
    expect(parseOwed({}, today)).toEqual({ errors: {}, owed: null });
    expect(parseOwed({ owed: ' ', price: '', start: '' }, today)).toEqual({ errors: {}, owed: null });
    expect(parseOwed({ owed: '$310,000.40' }, today)).toEqual({ errors: {}, owed: { kind: 'owed', amount: 310_000, asOf: today } });
    expect(parseOwed({ owed: '0', price: '500000' }, today).owed).toEqual({ kind: 'owed', amount: 0, asOf: today });
  });

  it('a purchase: price less down payment, its month, rate and term (30 years unless given)', () => {
    expect(parseOwed({ price: '500,000', down: '100,000', start: '2019-06', rate: '6.125%' }, today)).toEqual({
      errors: {},
      owed: { kind: 'loan', amount: 400_000, start: '2019-06-01', ratePct: 6.125, termYears: 30 },
    });
    expect(parseOwed({ price: '300000', start: '2020-01', rate: '3', term: '15' }, today).owed).toMatchObject({ amount: 300_000, termYears: 15 });
  });

  it('says what is wrong, field by field, and gives nothing then', () => {
    const cases: [Record<string, string>, string[]][] = [
      [{ owed: 'lots' }, ['owed']],
      [{ owed: '-1' }, ['owed']],
      [{ owed: '1000000000' }, ['owed']],
      [{ price: '500000' }, ['start', 'rate']],
      [{ price: '500000', start: '2019-13', rate: '6' }, ['start']],
      [{ price: '500000', start: '2027-01', rate: '6' }, ['start']],
      [{ price: '500000', start: '1949-12', rate: '6' }, ['start']],
      [{ price: '500000', start: '2019-06', rate: '26' }, ['rate']],
      [{ price: '500000', start: '2019-06', rate: '6', term: '41' }, ['term']],
      [{ price: '500000', start: '2019-06', rate: '6', term: '0' }, ['term']],
      [{ price: '500000', down: '600000', start: '2019-06', rate: '6' }, ['down']],
      [{ rate: '6', start: '2019-06' }, ['price']],
    ];
    for (const [values, fields] of cases) {
      const parsed = parseOwed(values, today);
      expect(Object.keys(parsed.errors).sort(), JSON.stringify(values)).toEqual(fields.sort());
      expect(parsed.owed).toBeNull();
    }
  });

  it('the balance on an update’s date: the amount given, or the loan amortised to that day', () => {
    expect(owedOn({ kind: 'owed', amount: 310_000, asOf: today }, '2015-05-01')).toBe(310_000);
    // $400,000 at 6% for 30 years: $2,398.20 a month; after 12 payments a month-by-month table gives $395,087.98
    expect(owedOn({ kind: 'loan', amount: 400_000, start: '2024-01-01', ratePct: 6, termYears: 30 }, '2025-01-01')).toBe(395_088);
    // before the first payment (a demo cycle dated before the loan): the whole amount
    expect(owedOn({ kind: 'loan', amount: 400_000, start: '2024-01-01', ratePct: 6, termYears: 30 }, '2015-05-01')).toBe(400_000);
  });
});
