import { describe, expect, it } from 'vitest';
import { axisTicks } from '@opencma/view';
import { barChartSvg } from '../src/charts';

const fmt = (n: number) => `$${Math.round(n)}`;

describe('barChartSvg', () => {
  it('draws one bar per month with a value and round axis labels', () => {
    const svg = barChartSvg(
      [
        { month: '2025-01', value: 512 },
        { month: '2025-02', value: null },
        { month: '2025-03', value: 556 },
      ],
      { title: 'Median $/sq ft', color: '#0f5c4d', formatValue: fmt },
    ).value;
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg).toContain('>Mar</text>');
    expect(svg).toContain('>2025</text>'); // the year under the first month
    expect(svg).toContain('<title>Mar 2025: $556</title>');
    const ticks = [...svg.matchAll(/text-anchor="end"[^>]*>\$(\d+)</g)].map((m) => Number(m[1]));
    // the page's axis rule (axisTicks): from zero to a round top, gridlines at 0, half and top
    expect(ticks).toEqual(axisTicks(556));
    expect(ticks).toEqual([0, 300, 600]);
  });

  it('copes with all-zero, single and empty series', () => {
    for (const data of [[{ month: '2025-01', value: 0 }], [{ month: '2025-01', value: 7 }], [{ month: '2025-01', value: null }], []]) {
      const svg = barChartSvg(data, { title: 'Sales', color: '#333333', formatValue: String }).value;
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
    expect(barChartSvg([], { title: 'Sales', color: '#333', formatValue: String }).value).toContain('Not enough sales to chart');
  });

  it('marks a partial month and leaves it uncharted; labels a January with its year', () => {
    const svg = barChartSvg(
      [
        { month: '2014-12', value: 10 },
        { month: '2015-01', value: 12 },
        { month: '2015-02', value: null, partial: true },
      ],
      { title: 'Sales', color: '#333333', formatValue: String },
    ).value;
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('>Feb*</text>');
    expect(svg).toContain('>2014</text>');
    expect(svg).toContain('>2015</text>');
  });

  it('escapes the title', () => {
    expect(barChartSvg([], { title: '<x>"', color: '#333', formatValue: String }).value).toContain('&lt;x&gt;&quot;');
  });
});
