import { describe, expect, it } from 'vitest';
import { estimateValue, valueWithDiagnostics } from '../src/index';
import type { Sale } from '../src/report-model';
import { at, market, sale, subject, truePrice } from './helpers';

const DATE = '2015-01-01';
const adj = (c: { adjustments: { factor: string; amount: number }[] }, f: string) =>
  c.adjustments.filter((a) => a.factor === f).reduce((t, a) => t + a.amount, 0);

describe('estimateValue — no-estimate path', () => {
  it.each<[string, Sale[], RegExp]>([
    ['no candidates', [], /No comparable sales/],
    ['only later sales', [sale({ closeDate: '2015-02-01' }), sale({ closeDate: '2015-01-01' })], /No comparable sales/],
    ['too few', [sale(at(0.1, 0)), sale(at(0.2, 0))], /at least 3/],
  ])('%s → flagged with a reason, estimate null', (_name, sales, reason) => {
    const v = estimateValue({ subject: subject(), sales, valuationDate: DATE });
    expect(v.flagged).toBe(true);
    expect(v.estimate).toBeNull();
    expect(v.confidence).toBeNull();
    expect(v.flagReason).toMatch(reason);
    expect(v.comps).toEqual([]);
  });

  it('flags a subject without a location', () => {
    const v = estimateValue({ subject: subject({ latitude: Number.NaN }), sales: market(50), valuationDate: DATE });
    expect(v.flagged).toBe(true);
    expect(v.flagReason).toMatch(/location/);
  });
});

describe('estimateValue — selection', () => {
  it('never uses the subject itself or sales on/after the valuation date; its own earlier sale is not a comp (flips)', () => {
    const own = sale({ id: 'own', closeDate: '2014-12-30', closePrice: 9_000_000 });
    const after = sale({ id: 'after', closeDate: DATE, closePrice: 9_000_000 });
    // Same spot, year built and lot: this home's earlier (pre-renovation) sale.
    const prior = sale({ id: 'prior-sale-same-parcel', closeDate: '2014-08-01', closePrice: 300_000 });
    const neighbour = sale({ id: 'neighbour', closeDate: '2014-08-01', ...at(0.05, 0) });
    const v = estimateValue({ subject: subject({ mlsId: 'own' }), sales: [own, after, prior, neighbour, ...market(60)], valuationDate: DATE });
    const ids = v.comps.map((c) => c.sale.id);
    expect(ids).not.toContain('own');
    expect(ids).not.toContain('after');
    expect(ids).not.toContain('prior-sale-same-parcel');
    expect(ids).toContain('neighbour');
    expect(v.notes.join(' ')).toMatch(/own earlier sale \(2014-08-01\) is not used/);
    for (const c of v.comps) expect(c.daysBeforeValuation).toBeGreaterThan(0);
  });

  it('knows the same home by its street address too', () => {
    const moved = sale({ id: 'same-address', address: '1 Test St, Seattle, WA', closeDate: '2014-08-01', ...at(0.2, 0), yearBuilt: 1990 });
    const v = estimateValue({ subject: subject({ address: '1 test st.' }), sales: [moved, ...market(60)], valuationDate: DATE });
    expect(v.comps.map((c) => c.sale.id)).not.toContain('same-address');
  });

  it('prefers near, recent, similar sales and reports distance, days and similarity', () => {
    const sales = market(150, 7);
    const v = estimateValue({ subject: subject(), sales, valuationDate: DATE });
    expect(v.comps.length).toBeGreaterThanOrEqual(6);
    expect(v.comps.length).toBeLessThanOrEqual(15);
    for (const c of v.comps) {
      expect(c.distanceKm).toBeGreaterThanOrEqual(0);
      expect(c.similarity).toBeGreaterThan(0);
      expect(c.similarity).toBeLessThanOrEqual(1);
    }
    const sims = v.comps.map((c) => c.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
    expect(v.searchStep).toMatch(/^Step \d of \d/);
  });

  it('widens step by step when nothing close is available', () => {
    const near = market(80, 3);
    const farOnly = near.map((s) => ({ ...s, ...at(8 + (s.latitude - 47.6) * 10, (s.longitude + 122.3) * 10) }));
    const v1 = estimateValue({ subject: subject(), sales: near, valuationDate: DATE });
    const v2 = estimateValue({ subject: subject(), sales: farOnly, valuationDate: DATE });
    const step = (s: string) => Number(/^Step (\d)/.exec(s)![1]);
    expect(step(v2.searchStep)).toBeGreaterThan(step(v1.searchStep));
    expect(v2.estimate).not.toBeNull();
    expect(v2.comps.every((c) => c.distanceKm > 5)).toBe(true);
  });
});

describe('estimateValue — far-only candidates', () => {
  it('still gives a finite estimate (model-weighted) when every sale is hundreds of km away', () => {
    const far = market(40, 29).map((s) => ({ ...s, ...at(300 + (s.latitude - 47.6) * 100, 0) }));
    const v = estimateValue({ subject: subject(), sales: far, valuationDate: DATE });
    expect(v.estimate).not.toBeNull();
    expect(Number.isFinite(v.estimate!.value)).toBe(true);
    expect(v.searchStep).toMatch(/^Step 5 of 5/);
    expect(v.comps.every((c) => Number.isFinite(c.weight) && Number.isFinite(c.adjustedPrice))).toBe(true);
  });
});

describe('estimateValue — adjustments', () => {
  const sales = market(200, 11);

  it('adjusts a bigger comp down and a smaller comp up for size', () => {
    const big = sale({ id: 'big', ...at(0.05, 0), sqftLiving: 3000, closeDate: '2014-12-20', closePrice: Math.round(truePrice(3000, 7)) });
    const small = sale({ id: 'small', ...at(0, 0.05), sqftLiving: 1400, closeDate: '2014-12-20', closePrice: Math.round(truePrice(1400, 7)) });
    const v = estimateValue({ subject: subject(), sales: [...sales, big, small], valuationDate: DATE });
    const cb = v.comps.find((c) => c.sale.id === 'big');
    const cs = v.comps.find((c) => c.sale.id === 'small');
    // they may or may not be chosen; adjust via the model anyway — check when chosen
    if (cb) expect(adj(cb, 'size')).toBeLessThan(0);
    if (cs) expect(adj(cs, 'size')).toBeGreaterThan(0);
    for (const c of v.comps) {
      const d = c.sale.sqftLiving! - 2000;
      if (Math.abs(d) > 200) expect(Math.sign(adj(c, 'size'))).toBe(-Math.sign(d));
    }
  });

  it('adjusts higher-grade comps down and lower-grade comps up', () => {
    const v = estimateValue({ subject: subject(), sales, valuationDate: DATE });
    for (const c of v.comps) {
      const d = c.sale.grade! - 7;
      if (d !== 0) expect(Math.sign(adj(c, 'grade'))).toBe(-Math.sign(d));
      else expect(adj(c, 'grade')).toBe(0);
    }
  });

  it('adjusts older sales up in a rising market (time follows the local trend)', () => {
    const v = estimateValue({ subject: subject(), sales, valuationDate: DATE });
    const old = v.comps.filter((c) => c.daysBeforeValuation > 120);
    for (const c of old) expect(adj(c, 'time')).toBeGreaterThan(0);
  });

  it('adjustments add up to the adjusted price; comp weights plus the model weight sum to 1', () => {
    const v = estimateValue({ subject: subject(), sales, valuationDate: DATE });
    let wsum = 0;
    for (const c of v.comps) {
      const total = c.adjustments.reduce((t, a) => t + a.amount, 0);
      expect(Math.abs(c.sale.closePrice + total - c.adjustedPrice)).toBeLessThanOrEqual(c.adjustments.length + 1);
      for (const a of c.adjustments) expect(a.reason.length).toBeGreaterThan(5);
      wsum += c.weight;
    }
    const m = /local price model carries (\d+(?:\.\d+)?)% of the weight/.exec(v.notes.join(' '));
    expect(m).not.toBeNull();
    expect(wsum + Number(m![1]) / 100).toBeCloseTo(1, 2);
  });

  it('weights more similar comps more', () => {
    const v = estimateValue({ subject: subject(), sales, valuationDate: DATE });
    for (let i = 1; i < v.comps.length; i++) expect(v.comps[i]!.weight).toBeLessThanOrEqual(v.comps[i - 1]!.weight + 1e-4);
  });
});

describe('estimateValue — accuracy and range', () => {
  it('recovers the synthetic market value within a few percent, range contains it', () => {
    const sales = market(300, 5);
    for (const [sqft, grade] of [
      [1500, 6],
      [2000, 7],
      [2800, 9],
    ] as const) {
      const v = estimateValue({ subject: subject({ sqftLiving: sqft, grade }), sales, valuationDate: DATE });
      const truth = truePrice(sqft, grade);
      expect(v.flagged).toBe(false);
      expect(Math.abs(v.estimate!.value / truth - 1)).toBeLessThan(0.04);
      expect(v.estimate!.low).toBeLessThan(v.estimate!.value);
      expect(v.estimate!.high).toBeGreaterThan(v.estimate!.value);
      expect(v.estimate!.coverage).toBe(0.8);
      expect(['high', 'medium', 'low']).toContain(v.confidence);
    }
  });

  it('lifts the model value for a pricier pocket (location level from nearby residuals) and says so', () => {
    const spot = at(1, 1);
    const near = (x: Sale) => Math.hypot((x.latitude - spot.latitude) * 111.32, (x.longitude - spot.longitude) * 75) < 0.5;
    const base = market(400, 21);
    const pocket = base.map((x) => (near(x) ? { ...x, closePrice: Math.round(x.closePrice * 1.15) } : x));
    expect(pocket.filter(near).length).toBeGreaterThan(3);
    const subj = subject({ ...spot });
    const flat = valueWithDiagnostics({ subject: subj, sales: base, valuationDate: DATE });
    const lifted = valueWithDiagnostics({ subject: subj, sales: pocket, valuationDate: DATE });
    expect(lifted.diagnostics.modelValue!).toBeGreaterThan(flat.diagnostics.modelValue! * 1.04);
    expect(lifted.valuation.estimate!.value).toBeGreaterThan(flat.valuation.estimate!.value * 1.04);
    expect(lifted.valuation.notes.some((n) => /^Location: .* above .* moved up/.test(n))).toBe(true);
  });

  it('is deterministic', () => {
    const sales = market(120, 9);
    const a = estimateValue({ subject: subject(), sales, valuationDate: DATE });
    const b = estimateValue({ subject: subject(), sales: [...sales].reverse(), valuationDate: DATE });
    expect(b.estimate).toEqual(a.estimate);
  });
});

describe('estimateValue — missing fields', () => {
  it('values a subject without grade/condition/lot/year and says so', () => {
    const sales = market(150, 13);
    const v = estimateValue({
      subject: subject({ grade: null, condition: null, sqftLot: null, yearBuilt: null }),
      sales,
      valuationDate: DATE,
    });
    expect(v.flagged).toBe(false);
    expect(v.estimate).not.toBeNull();
    expect(v.notes.join(' ')).toMatch(/not known.*construction grade/);
    for (const c of v.comps) expect(c.adjustments.some((a) => a.factor === 'grade')).toBe(false);
  });

  it('values from comps lacking grade (MLS-like feed) and does not adjust for it', () => {
    const sales = market(150, 17, () => ({ grade: null, condition: null, yearBuilt: null, sqftLot: null }));
    const v = estimateValue({ subject: subject(), sales, valuationDate: DATE });
    expect(v.estimate).not.toBeNull();
    expect(v.notes.join(' ')).toMatch(/Too few comparable sales report/);
  });

  it('values a subject without living area, with low confidence and a note', () => {
    const v = estimateValue({ subject: subject({ sqftLiving: null }), sales: market(150, 19), valuationDate: DATE });
    expect(v.estimate).not.toBeNull();
    expect(v.confidence).toBe('low');
    expect(v.notes.join(' ')).toMatch(/Living area is unknown/);
  });

  it('notes comps that lack a fact the subject has', () => {
    const sales = market(150, 23, (i) => (i % 4 === 0 ? { condition: null } : {}));
    const v = estimateValue({ subject: subject(), sales, valuationDate: DATE });
    for (const c of v.comps) {
      if (c.sale.condition == null) expect(c.adjustments.find((a) => a.factor === 'condition')?.reason).toMatch(/unknown/);
    }
  });
});
