import { describe, expect, it } from 'vitest';
import { fillPlaceholders, missingPaths, placeholders } from '../placeholders.ts';
import { parseBlocks, renderPdf } from '../render.ts';
import { checkTemplate } from '../templates.ts';
import { BUILTIN_TEMPLATE_IDS, BUILTIN_TEMPLATES } from './index.ts';

/** What a preset's generate_document step always has (the case, its client, the firm, the day, the deadline). */
const ALWAYS = new Set([
  'client.firstName',
  'client.lastName',
  'client.fullName',
  'workspace.title',
  'firm.name',
  'today',
]);
const DATA = {
  client: { firstName: 'Karim', lastName: 'Benali', fullName: 'Karim Benali' },
  workspace: { title: 'OQTF — personne libre' },
  firm: { name: 'Cabinet Martin & Associés' },
  today: '24 novembre 2026',
  echeance: '2026-12-07T23:59:59+01:00',
};

describe('the built-in templates', () => {
  it('cover the templates the CESEDA presets name, once each, and pass the template check', () => {
    expect(new Set(BUILTIN_TEMPLATE_IDS).size).toBe(BUILTIN_TEMPLATE_IDS.length);
    expect([...BUILTIN_TEMPLATE_IDS].sort()).toEqual(
      [
        'accuse-reception-dossier',
        'demande-aj-cnda',
        'rapo-naturalisation',
        'rapo-refus-visa',
        'recours-cnda',
        'recours-gracieux-refus-titre',
        'requete-oqtf-ordinaire',
        'requete-oqtf-retention',
        'requete-oqtf-speciale',
        'requete-refus-regroupement-familial',
        'requete-refus-titre',
        'requete-ta-nantes-naturalisation',
        'requete-ta-nantes-visa',
        'requete-transfert-dublin',
      ].sort(),
    );
    for (const template of BUILTIN_TEMPLATES) expect(checkTemplate(template)).toBe(template);
  });

  it.each(BUILTIN_TEMPLATES.map((t) => [t.id, t] as const))(
    '%s uses only values a preset step always has, writes the deadline in words and marks what to complete',
    async (id, template) => {
      const texts = [template.title, template.body, template.filename ?? ''];
      for (const p of texts.flatMap(placeholders)) {
        if (p.path === 'echeance') expect(['date', 'datetime'], `${id} ${p.raw}`).toContain(p.filter);
        else expect(ALWAYS.has(p.path), `${id} ${p.raw}`).toBe(true);
      }
      expect(missingPaths(texts, DATA)).toEqual([]);
      const text = fillPlaceholders(template.body, DATA);
      expect(text).not.toContain('{{');
      expect(text).toContain('Cabinet Martin & Associés');
      if (id !== 'accuse-reception-dossier') {
        expect(text).toContain('[à compléter');
        expect(text).toMatch(/7 décembre 2026/);
        expect(text).not.toContain('2026-12-07');
      }
      const pdf = await renderPdf({
        title: fillPlaceholders(template.title, DATA),
        blocks: parseBlocks(text),
        createdAt: new Date('2026-11-24T10:00:00Z'),
      });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    },
  );
});
