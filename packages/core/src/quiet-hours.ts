/**
 * Quiet hours for text messages (decision 0034): an SMS value update goes out only between 08:00 and
 * 20:00 on the recipient's local clock; outside that window it waits for the next 08:00 local. Pure:
 * the clock is passed in; the zone rules come from the platform's time-zone database (Intl), so DST
 * changes are handled by the same data the rest of the system formats dates with.
 */
import tzLookup from '@photostructure/tz-lookup';

/** Local hours a text may be sent in: [start, end). */
export const SMS_SEND_WINDOW = { startHour: 8, endHour: 20 } as const;

/**
 * Zones a US or Canadian number may be in, east to west. Without the home's location an update is sent
 * only when it is daytime in every one of them (about 18:00–22:30 UTC): late but never at night.
 */
export const NORTH_AMERICAN_ZONES = [
  'America/St_Johns',
  'America/Halifax',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
] as const;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The local wall clock of an instant in `zone`. */
function wallClock(at: number, zone: string): WallClock {
  const parts = Object.fromEntries(
    formatterFor(zone)
      .formatToParts(new Date(at))
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** How far `zone`'s clock is ahead of UTC at an instant, in ms (whole seconds). */
function offsetMs(at: number, zone: string): number {
  const w = wallClock(at, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
}

/** The instant the local clock in `zone` shows `hour`:00 on the given day (two passes: right across a DST change). */
function instantOfLocal(year: number, month: number, day: number, hour: number, zone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour);
  const first = asUtc - offsetMs(asUtc, zone);
  return asUtc - offsetMs(first, zone);
}

/** True when `zone` is a time zone the platform knows. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The earliest moment at or after `now` when a text may go out to someone in `zone`: `now` itself inside
 * 08:00–20:00 local, else the next 08:00 local (today's before 08:00, tomorrow's from 20:00 on).
 */
export function nextSendTimeInZone(now: Date, zone: string): Date {
  const w = wallClock(now.getTime(), zone);
  if (w.hour >= SMS_SEND_WINDOW.startHour && w.hour < SMS_SEND_WINDOW.endHour) return now;
  const day = new Date(Date.UTC(w.year, w.month - 1, w.day + (w.hour < SMS_SEND_WINDOW.startHour ? 0 : 1)));
  return new Date(instantOfLocal(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), SMS_SEND_WINDOW.startHour, zone));
}

/**
 * The earliest moment at or after `now` when a text may go out: in the recipient's zone, or, when it is
 * unknown (null), when it is 08:00–20:00 in every North American zone at once.
 */
export function nextSmsSendTime(now: Date, zone: string | null): Date {
  if (zone) return nextSendTimeInZone(now, zone);
  let at = now;
  // moving into one zone's window may only move later; a handful of passes reaches the common window
  for (let pass = 0; pass < 8; pass++) {
    const later = NORTH_AMERICAN_ZONES.reduce((t, z) => nextSendTimeInZone(t, z), at);
    if (later.getTime() === at.getTime()) return at;
    at = later;
  }
  return at;
}

/** May a text go out at `now` (inside the window in the recipient's zone, or in every North American zone when unknown)? */
export const maySendSmsAt = (now: Date, zone: string | null): boolean => nextSmsSendTime(now, zone).getTime() === now.getTime();

/**
 * The IANA time zone of a home from its location (the homeowner's local clock), or null when the
 * location is missing or invalid.
 */
export function timeZoneAt(latitude: number | null | undefined, longitude: number | null | undefined): string | null {
  if (typeof latitude !== 'number' || typeof longitude !== 'number' || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  try {
    const zone = tzLookup(latitude, longitude);
    return isKnownTimeZone(zone) ? zone : null;
  } catch {
    return null;
  }
}
