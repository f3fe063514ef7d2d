/**
 * Strict parser for ISO-8601 durations of the form PnYnMnWnDTnHnMnS.
 */

/** The components of an ISO-8601 duration; absent components are 0. */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const KEYS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

type DurationKey = (typeof KEYS)[number];

/**
 * Parses an ISO-8601 duration `PnYnMnWnDTnHnMnS` (upper case, components in that order, non-negative integers,
 * at least one component, at least one time component after `T`). Weeks may be combined with other units.
 * Throws an Error quoting the input for anything else (sign, fractions, `P`, `PT`, `P1H`, lower case...).
 * Pure: no clock, no I/O.
 */
export function parseIsoDuration(text: string): IsoDuration {
  return parseWithComponents(text).duration;
}

/**
 * Like {@link parseIsoDuration}, also listing the components written in the text (`P1M0D` → months, days).
 * Pure: no clock, no I/O.
 */
export function parseWithComponents(text: string): { duration: IsoDuration; present: DurationKey[] } {
  const fail = (why: string): never => {
    throw new Error(`Malformed ISO-8601 duration ${JSON.stringify(text)}: ${why} (expected e.g. P1M, P10D, PT48H)`);
  };
  if (typeof text !== 'string') return fail('not a string');
  const match = PATTERN.exec(text);
  if (!match) return fail('not of the form PnYnMnWnDTnHnMnS with non-negative integers');
  const groups = match.slice(1);
  if (groups.every((group) => group === undefined)) return fail('no component');
  if (text.includes('T') && groups.slice(4).every((group) => group === undefined)) {
    return fail('"T" must be followed by hours, minutes or seconds');
  }
  const duration: IsoDuration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
  const present: DurationKey[] = [];
  KEYS.forEach((key, index) => {
    const group = groups[index];
    if (group === undefined) return;
    const value = Number(group);
    if (!Number.isSafeInteger(value)) fail(`${key} value too large`);
    duration[key] = value;
    present.push(key);
  });
  return { duration, present };
}
