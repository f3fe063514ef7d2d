import { DateTime } from 'luxon';

/** The firm's quiet hours (WorkflowConfig `notifications.quietHours`), as wall-clock times in `timeZone`. */
export interface QuietHours {
  enabled?: boolean;
  /** `HH:MM` */
  start?: string;
  /** `HH:MM` */
  end?: string;
}

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * When the quiet hours that `now` falls in end, or undefined when `now` is outside them (or they are off, or
 * start and end are equal). The window may span midnight (22:00 → 08:00). Computed on the wall clock of
 * `timeZone` (Paris by default), so daylight-saving changes keep "08:00" at 08:00 local time. Pure.
 */
export function quietHoursEnd(now: Date, quiet: QuietHours, timeZone = 'Europe/Paris'): Date | undefined {
  if (quiet.enabled === false || !quiet.start || !quiet.end) return undefined;
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  if (start === end) return undefined;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const at = local.hour * 60 + local.minute;
  const inside = start < end ? at >= start && at < end : at >= start || at < end;
  if (!inside) return undefined;
  let until = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  if (until <= local) until = until.plus({ days: 1 }).set({ hour: Math.floor(end / 60), minute: end % 60 });
  return until.toJSDate();
}
