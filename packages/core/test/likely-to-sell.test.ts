import { describe, expect, it } from 'vitest';
import { LIKELY_TO_SELL_THRESHOLD, likelyToSellScore } from '../src/likely-to-sell';

const view = (day: string, hour = '10') => ({ type: 'view', at: `${day}T${hour}:00:00.000Z` });

describe('likely to sell rule', () => {
  it('one visit, however many views that day, is not a signal', () => {
    const r = likelyToSellScore({ actions: [view('2026-11-01', '09'), view('2026-11-01', '10'), view('2026-11-01', '23')] });
    expect(r).toEqual({ score: 0, likely: false, reasons: [] });
  });

  it('repeat visits alone cap below the threshold', () => {
    const days = ['2026-11-01', '2026-11-03', '2026-11-05', '2026-11-08', '2026-11-12', '2026-11-20'];
    const r = likelyToSellScore({ actions: days.map((d) => view(d)) });
    expect(r.score).toBe(3);
    expect(r.likely).toBe(false);
  });

  it('repeat visits plus the net-proceeds calculator cross it', () => {
    const r = likelyToSellScore({
      actions: [
        view('2026-11-01'),
        view('2026-11-04'),
        view('2026-11-09'),
        view('2026-11-15'),
        { type: 'net_proceeds', at: '2026-11-15T10:05:00.000Z' },
      ],
    });
    expect(r.score).toBe(LIKELY_TO_SELL_THRESHOLD);
    expect(r.likely).toBe(true);
    expect(r.reasons).toContain('worked out what a sale would leave them');
  });

  it('a CMA request with a contact tap crosses it; a PDF download alone does not', () => {
    expect(
      likelyToSellScore({
        actions: [view('2026-11-01'), { type: 'cma.requested', at: '2026-11-01T10:00:00Z' }, { type: 'contact_tap', at: '2026-11-01T10:01:00Z' }],
      }).likely,
    ).toBe(true);
    expect(likelyToSellScore({ actions: [view('2026-11-01'), { type: 'pdf_download', at: '2026-11-01T10:00:00Z' }] }).score).toBe(1);
  });

  it('counts only the newest run of opened updates, from two in a row (decision 0036)', () => {
    const base = [view('2026-11-01'), view('2026-11-02'), { type: 'net_proceeds', at: '2026-11-02T10:00:00Z' }];
    expect(likelyToSellScore({ actions: base, updatesOpened: [true, true, true, false] }).score).toBe(3);
    expect(likelyToSellScore({ actions: base, updatesOpened: [true, false, true] }).score).toBe(3);
    expect(likelyToSellScore({ actions: base, updatesOpened: [true] }).score).toBe(3);
    const two = likelyToSellScore({ actions: base, updatesOpened: [false, true, true] });
    expect(two.score).toBe(5);
    expect(two.reasons).toContain('opened the last 2 value updates in a row');
    expect(likelyToSellScore({ actions: base, updatesOpened: [true, true, true, true, true] }).score).toBe(5);
  });

  it('two updates opened in a row plus a CMA request cross it; opening and clicking through alone do not', () => {
    const cma = { type: 'cma.requested', at: '2026-11-01T10:00:00Z' };
    const r = likelyToSellScore({ actions: [cma], updatesOpened: [true, true] });
    expect(r).toEqual({ score: 5, likely: true, reasons: ['asked for a full CMA', 'opened the last 2 value updates in a row'] });
    const engagedOnly = likelyToSellScore({ actions: [], updatesOpened: [true, true, true, true], updatesClicked: 4 });
    expect(engagedOnly.score).toBe(3);
    expect(engagedOnly.likely).toBe(false);
  });

  it('a click-through scores once however many updates were clicked', () => {
    const calc = { type: 'net_proceeds', at: '2026-11-01T10:00:00Z' };
    expect(likelyToSellScore({ actions: [calc], updatesClicked: 1 }).score).toBe(3);
    expect(likelyToSellScore({ actions: [calc], updatesClicked: 3 }).score).toBe(3);
    expect(likelyToSellScore({ actions: [calc], updatesClicked: 0 }).score).toBe(2);
    const crossed = likelyToSellScore({ actions: [calc], updatesOpened: [true, true], updatesClicked: 1 });
    expect(crossed.likely).toBe(true);
    expect(crossed.reasons).toContain('clicked through from a value update');
  });
});
