import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../../tests/helpers/sample-report';
import { compHeadings } from '../src/report-words';
import { baths, coverageWords, date, miles, money, moneyShort, monthShort, number, percent, phone, signedMoney, signedPercent } from '../src/index';

describe('money', () => {
  it.each([
    [1_042_000, '$1,042,000'],
    [536.4, '$536'],
    [999.5, '$1,000'],
    [0, '$0'],
    [-0.4, '$0'],
    [-3500, '−$3,500'],
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
  ])('money(%j) → %j', (n, out) => expect(money(n)).toBe(out));

  it.each([
    [1_250_000, '$1.25M'],
    [1_234_567, '$1.23M'],
    [1_050_000, '$1.05M'],
    [1_100_000, '$1.1M'],
    [1_000_000, '$1M'],
    [999_600, '$1M'],
    [999_400, '$999K'],
    [9_996_000, '$10M'],
    [12_400_000, '$12M'],
    [20_000_000, '$20M'],
    [865_000, '$865K'],
    [10_000, '$10K'],
    [9_500, '$9,500'],
    [0, '$0'],
    [-2_500_000, '−$2.5M'],
    [null, '—'],
  ])('moneyShort(%j) → %j', (n, out) => expect(moneyShort(n)).toBe(out));

  it.each([
    [12_000, '+$12,000'],
    [-3_500, '−$3,500'],
    [0.4, '$0'],
    [0, '$0'],
  ])('signedMoney(%j) → %j', (n, out) => expect(signedMoney(n)).toBe(out));
});

describe('numbers, percents, distances, baths', () => {
  it.each([
    [1940, '1,940'],
    [7.6, '8'],
    [-0.2, '0'],
    [null, '—'],
  ])('number(%j) → %j', (n, out) => expect(number(n)).toBe(out));

  it.each([
    [0.19, 0, '19%'],
    [0.034, 1, '3.4%'],
    [-0.021, 1, '−2.1%'],
    [-0.0001, 1, '0.0%'],
    [null, 1, '—'],
  ])('percent(%j, %j) → %j', (n, digits, out) => expect(percent(n, digits)).toBe(out));

  it.each([
    [0.043, '+4.3%'],
    [-0.021, '−2.1%'],
    [0, '0.0%'],
    [0.00001, '0.0%'],
    [null, '—'],
  ])('signedPercent(%j) → %j', (n, out) => expect(signedPercent(n)).toBe(out));

  it.each([
    [0.21, '0.1 mi'],
    [0.05, 'under 0.1 mi'],
    [0, 'under 0.1 mi'],
    [0.93, '0.6 mi'],
    [15.9, '9.9 mi'],
    [16.05, '10 mi'],
    [20, '12 mi'],
  ])('miles(%j km) → %j', (km, out) => expect(miles(km)).toBe(out));

  it.each([
    [2.25, '2.25'],
    [2, '2'],
    [1.7500001, '1.75'],
    [null, '—'],
  ])('baths(%j) → %j', (n, out) => expect(baths(n)).toBe(out));

  it.each([
    [0.8, 'about 8 in 10'],
    [0.04, 'about 1 in 10'],
    [1.2, 'about 10 in 10'],
  ])('coverageWords(%j) → %j', (n, out) => expect(coverageWords(n)).toBe(out));
});

describe('dates and phone numbers', () => {
  it.each([
    ['2025-03-04', 'Mar 4, 2025'],
    ['2025-03-04T23:59:00.000Z', 'Mar 4, 2025'],
    ['2025-03', 'Mar 2025'],
    ['2025-13-01', '2025-13-01'],
    ['soon', 'soon'],
    [null, '—'],
  ])('date(%j) → %j', (iso, out) => expect(date(iso)).toBe(out));

  it.each([
    ['2025-03', 'Mar'],
    ['2024-12-01', 'Dec'],
    ['later', 'later'],
  ])('monthShort(%j) → %j', (m, out) => expect(monthShort(m)).toBe(out));

  it.each([
    ['+12065550142', '(206) 555-0142'],
    ['+1 (206) 555-0147', '(206) 555-0147'],
    ['206.555.0142', '(206) 555-0142'],
    ['+44 20 7946 0958', '+44 20 7946 0958'],
  ])('phone(%j) → %j', (p, out) => expect(phone(p)).toBe(out));
});

describe('comp headings', () => {
  const home = { ...sampleReport.subject! };
  const withheld = (id: string, closeDate: string, closePrice: number, latitude = 47.66, longitude = -122.3366) => ({
    ...sampleReport.valuation!.comps[2]!,
    distanceKm: 0.35,
    sale: { ...sampleReport.valuation!.comps[2]!.sale, id, closeDate, closePrice, latitude, longitude },
  });

  it('tells withheld addresses apart by size, distance, direction and sale month, then day, price and number', () => {
    expect(compHeadings([withheld('a', '2014-12-16', 375_000)], home)).toEqual(['3 bd home 0.2 mi N, sold Dec 2014']);
    expect(
      compHeadings([withheld('a', '2014-12-16', 375_000), withheld('b', '2014-12-02', 375_000), withheld('c', '2015-01-05', 400_000)], home),
    ).toEqual(['3 bd home 0.2 mi N, sold Dec 16, 2014', '3 bd home 0.2 mi N, sold Dec 2, 2014', '3 bd home 0.2 mi N, sold Jan 2015']);
    const twins = compHeadings([withheld('a', '2014-12-16', 375_000), withheld('b', '2014-12-16', 375_000)], home);
    expect(new Set(twins).size).toBe(2);
    expect(compHeadings([{ ...withheld('a', '2014-12-16', 1), distanceKm: 0.01 }], home)).toEqual(['3 bd home under 0.1 mi away, sold Dec 2014']);
  });
});
