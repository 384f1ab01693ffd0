import { describe, expect, it } from 'vitest';
import { updateTextBudget } from '../src/home-updates/text';
import { homeUpdateText } from '../src/sms/messages';

const sender = { agentName: 'Jordan Avery', brokerage: 'Evergreen Realty Group' };
const url = 'https://cma.example.com/r/CnMLSHEHKqnoymkIiudaw5Ff';
/** GSM-7 basic characters (no minus sign, no curly quotes): one segment holds 160 of them, not 70. */
const GSM7 = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;

describe('the value-update text (decision 0034)', () => {
  it('names the sender, the new estimate, its change in words, the link and STOP — in GSM-7', () => {
    const up = homeUpdateText(sender, {
      address: '1156 N 93rd St, Seattle, WA 98103',
      estimate: 432_000,
      before: { value: 429_000, since: 'your first report' },
      reportUrl: url,
    });
    expect(up).toBe(
      `Jordan Avery of Evergreen Realty Group: your home value update: 1156 N 93rd St, Seattle, WA 98103 is now estimated at $432,000, up $3,000 since your first report. ${url} Reply STOP to opt out.`,
    );
    expect(up).toMatch(GSM7);
    const down = homeUpdateText(sender, { address: 'A', estimate: 400_000, before: { value: 412_500, since: 'last update' }, reportUrl: url });
    expect(down).toContain('$400,000, down $12,500 since last update.');
    expect(down).toMatch(GSM7);
    expect(homeUpdateText(sender, { address: 'A', estimate: 1, before: { value: 1, since: 'last update' }, reportUrl: url })).toContain(
      'unchanged since last update',
    );
    const none = homeUpdateText({ agentName: 'Sam Lee', brokerage: null }, { address: 'A', estimate: null, before: null, reportUrl: url });
    expect(none).toBe(`Sam Lee: your home value update: not enough recent sales near A for a new estimate this time. ${url} Reply STOP to opt out.`);
  });

  it('value updates may use 80% of each SMS budget window, never all of it (0 stays "no limit")', () => {
    expect(updateTextBudget({ perDay: 5000, perHour: 1000 })).toEqual({ perDay: 4000, perHour: 800 });
    expect(updateTextBudget({ perDay: 0, perHour: 1 })).toEqual({ perDay: 0, perHour: 1 });
  });
});
