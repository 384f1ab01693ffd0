import { describe, expect, it } from 'vitest';
import { valuationDateFor } from '../src/tasks/valuation-date';

describe('valuationDateFor', () => {
  it.each([
    ['no sales', '2026-11-25', [], '2026-11-25'],
    ['fresh data values as of today', '2026-11-25', ['2026-11-01', '2026-06-01'], '2026-11-25'],
    ['data newest exactly 180 days old still counts as fresh', '2026-11-25', ['2026-05-29'], '2026-11-25'],
    ['stale data values as of the day after the newest sale', '2026-11-25', ['2015-03-31', '2014-06-01'], '2015-04-01'],
    ['sales on or after today are ignored', '2015-02-01', ['2015-02-01', '2015-01-10'], '2015-02-01'],
  ])('%s', (_label, today, dates, expected) => {
    expect(
      valuationDateFor(
        today,
        dates.map((closeDate) => ({ closeDate })),
      ),
    ).toBe(expected);
  });
});
