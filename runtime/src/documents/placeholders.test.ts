import { describe, expect, it } from 'vitest';
import { fillPlaceholders, missingPaths, PlaceholderError, placeholders, unknownFilters } from './placeholders.ts';

describe('document placeholders', () => {
  it('writes deadlines in French words, in Paris time, with « 1er » and the hour for deadlines in hours', () => {
    const data = {
      echeance: '2026-12-07T23:59:59+01:00',
      retention: '2026-11-15T18:40:00+01:00',
      utc: '2026-02-28T23:30:00.000Z',
      day: '2027-03-01',
      summer: new Date('2027-07-01T07:05:00Z'),
      client: { lastName: 'Benali-Özdemir' },
    };
    expect(fillPlaceholders('avant le {{echeance | date}}', data)).toBe('avant le 7 décembre 2026');
    expect(fillPlaceholders('{{ retention|datetime }}', data)).toBe('15 novembre 2026 à 18 h 40');
    // 23:30 UTC on 28 February is already 1 March in Paris.
    expect(fillPlaceholders('{{utc | date}}', data)).toBe('1er mars 2026');
    expect(fillPlaceholders('{{day | date}}', data)).toBe('1er mars 2027');
    expect(fillPlaceholders('{{summer | datetime}}', data)).toBe('1er juillet 2027 à 9 h 05');
    expect(fillPlaceholders('M. {{client.lastName | upper}}', data)).toBe('M. BENALI-ÖZDEMIR');
    expect(fillPlaceholders('{{echeance}}', data)).toBe('2026-12-07T23:59:59+01:00');
  });

  it('refuses a filter it does not know and a value that is not a date, naming the placeholder', () => {
    expect(unknownFilters('{{a | date}} {{b | money}} {{c|money}} {{d}}')).toEqual(['money']);
    expect(() => fillPlaceholders('{{a | money}}', { a: 1 })).toThrow(/filtre inconnu « money »/);
    try {
      fillPlaceholders('le {{procedure | date}}', { procedure: '6650f0c2a1b2c3d4e5f60718' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PlaceholderError);
      expect(error).toMatchObject({ code: 'document.value-invalid', placeholder: '{{procedure | date}}' });
    }
    expect(() => fillPlaceholders('{{d | date}}', { d: { dueAt: '2026-12-07' } })).toThrow(/n'est pas une date/);
  });

  it('lists the paths without a value, filters aside, and leaves text that is not a placeholder alone', () => {
    const data = { a: 'x', empty: '', nothing: null, nested: { ok: 1 } };
    expect(
      missingPaths(['{{a}} {{empty | upper}} {{nothing}}', '{{nested.ok}} {{nested.no | date}} {{a}}'], data),
    ).toEqual(['empty', 'nothing', 'nested.no']);
    expect(placeholders('{{ a b }} {{x | date | upper}} {x}').length).toBe(0);
    expect(fillPlaceholders('{{ a b }} {{__proto__}}', data)).toBe('{{ a b }} ');
  });
});
