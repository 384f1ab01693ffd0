import { describe, expect, it } from 'vitest';
import { homeUpdateSmsConsentDisclosure, maskedPhoneForPeople, maySendSmsAt, nextSmsSendTime, timeZoneAt } from '../src/index';

const at = (iso: string) => new Date(iso);
const next = (iso: string, zone: string | null) => nextSmsSendTime(at(iso), zone).toISOString();

describe('quiet hours: texts only 08:00–20:00 local (decision 0034)', () => {
  it('inside the window: now; before 08:00: today 08:00; from 20:00: tomorrow 08:00 (Los Angeles, standard time)', () => {
    // 2026-01-15: PST = UTC−8
    expect(next('2026-01-15T20:00:00.000Z', 'America/Los_Angeles')).toBe('2026-01-15T20:00:00.000Z'); // 12:00
    expect(next('2026-01-15T16:00:00.000Z', 'America/Los_Angeles')).toBe('2026-01-15T16:00:00.000Z'); // 08:00 exactly
    expect(next('2026-01-15T15:59:59.000Z', 'America/Los_Angeles')).toBe('2026-01-15T16:00:00.000Z'); // 07:59:59
    expect(next('2026-01-16T03:59:59.999Z', 'America/Los_Angeles')).toBe('2026-01-16T03:59:59.999Z'); // 19:59:59.999
    expect(next('2026-01-16T04:00:00.000Z', 'America/Los_Angeles')).toBe('2026-01-16T16:00:00.000Z'); // 20:00 → next 08:00
    expect(next('2026-01-16T06:00:00.000Z', 'America/Los_Angeles')).toBe('2026-01-16T16:00:00.000Z'); // 22:00
  });

  it('across the spring-forward night (Los Angeles, 2026-03-08): 22:00 PST → 08:00 PDT (UTC−7)', () => {
    expect(next('2026-03-08T06:00:00.000Z', 'America/Los_Angeles')).toBe('2026-03-08T15:00:00.000Z');
    // 01:30 PST, just before the clocks jump
    expect(next('2026-03-08T09:30:00.000Z', 'America/Los_Angeles')).toBe('2026-03-08T15:00:00.000Z');
    expect(maySendSmsAt(at('2026-03-08T14:59:59.000Z'), 'America/Los_Angeles')).toBe(false);
    expect(maySendSmsAt(at('2026-03-08T15:00:00.000Z'), 'America/Los_Angeles')).toBe(true);
  });

  it('across the fall-back night (Los Angeles, 2026-11-01): 21:00 PDT → 08:00 PST (UTC−8); 19:30 PST the day after is inside', () => {
    expect(next('2026-11-01T04:00:00.000Z', 'America/Los_Angeles')).toBe('2026-11-01T16:00:00.000Z');
    // 01:30 — the hour that happens twice
    expect(next('2026-11-01T08:30:00.000Z', 'America/Los_Angeles')).toBe('2026-11-01T16:00:00.000Z');
    expect(next('2026-11-01T09:30:00.000Z', 'America/Los_Angeles')).toBe('2026-11-01T16:00:00.000Z');
    expect(maySendSmsAt(at('2026-11-02T03:30:00.000Z'), 'America/Los_Angeles')).toBe(true);
    expect(maySendSmsAt(at('2026-11-02T04:00:00.000Z'), 'America/Los_Angeles')).toBe(false);
  });

  it('zones without DST: Phoenix (UTC−7 all year) and Honolulu (UTC−10)', () => {
    for (const day of ['2026-01-15', '2026-07-15']) {
      expect(next(`${day}T03:00:00.000Z`, 'America/Phoenix')).toBe(`${day}T15:00:00.000Z`); // 20:00 the evening before
      expect(next(`${day}T14:59:00.000Z`, 'America/Phoenix')).toBe(`${day}T15:00:00.000Z`);
      expect(next(`${day}T17:59:00.000Z`, 'Pacific/Honolulu')).toBe(`${day}T18:00:00.000Z`);
      expect(next(`${day}T05:59:00.000Z`, 'Pacific/Honolulu')).toBe(`${day}T05:59:00.000Z`); // 19:59 the evening before
    }
    // on the night Los Angeles springs forward, Phoenix does not
    expect(next('2026-03-08T06:00:00.000Z', 'America/Phoenix')).toBe('2026-03-08T15:00:00.000Z');
  });

  it('across a month and year end (New York, 23:00 on 31 December)', () => {
    expect(next('2027-01-01T04:00:00.000Z', 'America/New_York')).toBe('2027-01-01T13:00:00.000Z');
  });

  it('unknown zone: only when it is daytime in every North American zone (about 18:00–22:30 UTC)', () => {
    expect(next('2026-01-15T12:00:00.000Z', null)).toBe('2026-01-15T18:00:00.000Z');
    expect(maySendSmsAt(at('2026-01-15T20:00:00.000Z'), null)).toBe(true);
    // 23:30 UTC is 20:00 in St. John's (UTC−3:30): tomorrow 18:00 UTC (08:00 Honolulu)
    expect(next('2026-01-15T23:30:00.000Z', null)).toBe('2026-01-16T18:00:00.000Z');
    // summer: St. John's is UTC−2:30, so 22:30 UTC ends the window
    expect(maySendSmsAt(at('2026-07-15T22:29:00.000Z'), null)).toBe(true);
    expect(next('2026-07-15T22:30:00.000Z', null)).toBe('2026-07-16T18:00:00.000Z');
  });
});

describe("a home's time zone from its location", () => {
  it('Seattle, Phoenix, Honolulu, New York; missing or impossible coordinates → null', () => {
    expect(timeZoneAt(47.6962, -122.3427)).toBe('America/Los_Angeles');
    expect(timeZoneAt(33.4484, -112.074)).toBe('America/Phoenix');
    expect(timeZoneAt(21.3069, -157.8583)).toBe('Pacific/Honolulu');
    expect(timeZoneAt(40.7128, -74.006)).toBe('America/New_York');
    expect(timeZoneAt(null, -122.3)).toBeNull();
    expect(timeZoneAt(Number.NaN, 0)).toBeNull();
    expect(timeZoneAt(123, 0)).toBeNull();
  });
});

describe('the SMS consent disclosure', () => {
  it('names the sender and the masked number and says what the TCPA and carriers expect', () => {
    const text = homeUpdateSmsConsentDisclosure(1, {
      agentName: ' Dana  Agent ',
      brokerage: 'Acme Realty',
      maskedPhone: maskedPhoneForPeople('+12065550134'),
    });
    expect(text).toContain('Dana Agent of Acme Realty');
    expect(text).toContain('(206) •••-••34');
    for (const words of [
      'recurring automated marketing text messages',
      'Msg & data rates may apply',
      'HELP',
      'STOP',
      'not a condition of any purchase',
    ])
      expect(text).toContain(words);
  });
  it('masks numbers: the area code and the last two digits only', () => {
    expect(maskedPhoneForPeople('+12065550134')).toBe('(206) •••-••34');
    expect(maskedPhoneForPeople('+447700900123')).toBe('•••23');
  });
});
