import { describe, expect, it } from 'vitest';
import { ruleHandlers } from './rule-handlers.ts';

const context = { now: '2026-03-10T09:00:00+01:00', nodeId: 'x', attempt: 1 };

describe('sandbox rule handlers', () => {
  it('extract_data reads the procedure type from the text by the built-in rules', () => {
    const out = ruleHandlers.extract_data?.(
      {
        text: 'Monsieur, le préfet a pris à votre encontre une obligation de quitter le territoire français (OQTF) notifiée le 3 mars 2026.',
        receivedAt: '2026-03-10T09:00:00+01:00',
      },
      context,
    ) as Record<string, unknown>;
    expect(out.procedureType).toBe('OQTF');
    expect(out.provenance).toMatchObject({ provider: 'builtin' });
    expect(typeof out.confidence).toBe('number');
  });

  it('finds no OQTF in a text about something else, and keeps only the fields asked', () => {
    const other = ruleHandlers.extract_data?.({ text: 'Bonjour, voici ma facture du mois.' }, context) as Record<
      string,
      unknown
    >;
    expect(other.procedureType).not.toBe('OQTF');
    const phonesOnly = ruleHandlers.extract_data?.(
      { text: 'OQTF notifiée hier, rappelez-moi au 06 12 34 56 78.', fields: ['phones'] },
      context,
    ) as Record<string, unknown>;
    expect(phonesOnly.phones).toEqual(['+33612345678']);
    expect(phonesOnly.procedureType).toBeUndefined();
  });
});
