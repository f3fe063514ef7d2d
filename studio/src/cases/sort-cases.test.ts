import { describe, expect, it } from 'vitest';
import { matchCases, sortCases } from './sort-cases.ts';

const ws = (title: string, urgency: string, deadlineDate: string | null, lastName = 'Diallo') => ({
  title,
  urgency: urgency as 'faible',
  deadlineDate,
  reference: `2026-${title}`,
  client: { id: '1', firstName: 'Aïssata', lastName },
});

describe('the cases list', () => {
  it('puts the most urgent first, then the nearest deadline, cases without deadline last', () => {
    const sorted = sortCases([
      ws('a', 'faible', '2026-12-01T00:00:00Z'),
      ws('b', 'critique', null),
      ws('c', 'critique', '2026-12-20T00:00:00Z'),
      ws('d', 'eleve', '2026-11-30T00:00:00Z'),
      ws('e', 'critique', '2026-12-02T00:00:00Z'),
      ws('f', 'moyen', null),
    ]);
    expect(sorted.map((w) => w.title)).toEqual(['e', 'c', 'b', 'd', 'f', 'a']);
  });

  it('finds cases by client, title or reference, accents and case ignored', () => {
    const items = [ws('OQTF', 'moyen', null, 'Benali'), ws('Visa', 'moyen', null, 'Traoré')];
    expect(matchCases(items, 'traore').map((w) => w.title)).toEqual(['Visa']);
    expect(matchCases(items, 'aissata oqtf').map((w) => w.title)).toEqual(['OQTF']);
    expect(matchCases(items, '2026-visa').map((w) => w.title)).toEqual(['Visa']);
    expect(matchCases(items, '  ')).toHaveLength(2);
  });
});
