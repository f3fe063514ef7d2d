import type { WorkspaceSummary } from '../api/cases.ts';
import { urgencyRank } from './labels.ts';

/**
 * Cases as lawyers work them: the most urgent first, then the nearest deadline (cases without one after those
 * with one), then by title. Pure; returns a new array.
 */
export function sortCases<T extends Pick<WorkspaceSummary, 'urgency' | 'deadlineDate' | 'title'>>(
  items: readonly T[],
): T[] {
  const time = (d: string | null) => (d ? Date.parse(d) : Number.POSITIVE_INFINITY);
  return [...items].sort(
    (a, b) =>
      urgencyRank(a.urgency) - urgencyRank(b.urgency) ||
      time(a.deadlineDate) - time(b.deadlineDate) ||
      a.title.localeCompare(b.title, 'fr'),
  );
}

/** Cases whose client, title or reference contains the words typed (accents and case ignored). Pure. */
export function matchCases<T extends Pick<WorkspaceSummary, 'client' | 'title' | 'reference'>>(
  items: readonly T[],
  text: string,
): T[] {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  const words = fold(text).split(/\s+/).filter(Boolean);
  if (!words.length) return [...items];
  return items.filter((w) => {
    const hay = fold(
      [w.title, w.reference ?? '', w.client ? `${w.client.firstName} ${w.client.lastName}` : ''].join(' '),
    );
    return words.every((word) => hay.includes(word));
  });
}
