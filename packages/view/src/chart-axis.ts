/**
 * The one axis rule of a report's bar charts, on the page and in the PDF alike: bars start at zero
 * (a bar's length is its value), the top is a round number at or above the largest value, and the
 * gridlines sit at 0, half and the top.
 */

/** A round axis maximum at or above v: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 or 10 times a power of ten. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  const n = v / mag;
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((s) => n <= s) ?? 10;
  return step * mag;
}

/** The gridline values of an axis whose largest value is `max`: [0, top/2, top]. */
export function axisTicks(max: number): [number, number, number] {
  const top = niceMax(max);
  return [0, top / 2, top];
}
