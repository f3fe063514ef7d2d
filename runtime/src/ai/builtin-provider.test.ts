import { describe, expect, it } from 'vitest';
import { builtinProvider } from './builtin-provider.ts';

const classify = (
  text: string,
  categories = ['nouveau_client', 'ceseda', 'urgent', 'facture', 'information', 'spam'],
) => builtinProvider.answer({ kind: 'classify', text, categories });

describe('built-in provider', () => {
  it('classifies by rules: detention is urgent, invoices, spam, new clients, and information by default', async () => {
    const retention = await classify(
      'Mon frère est au centre de rétention administrative du Mesnil-Amelot depuis hier, il a reçu une OQTF sans délai de départ volontaire.',
    );
    expect(retention.value).toMatchObject({ category: 'urgent', procedureType: 'OQTF', urgency: 'critique' });
    expect(
      (await classify('Veuillez trouver ci-joint la facture n° 2026-014 ; paiement par virement, IBAN joint.')).value,
    ).toMatchObject({ category: 'facture', urgency: 'faible' });
    expect(
      (await classify('Offre spéciale ! Cliquez ici pour gagner, se désinscrire en bas de page.')).value.category,
    ).toBe('spam');
    expect(
      (await classify('Bonjour, je souhaiterais prendre rendez-vous pour une consultation, merci.')).value.category,
    ).toBe('nouveau_client');
    const plain = await classify('Le cabinet sera fermé le 14 juillet.');
    expect(plain.value.category).toBe('information');
    expect(plain.confidence).toBe(0.5);
  });

  it("answers only with the firm's categories, a category named after the procedure included", async () => {
    const oqtf = 'Je vous écris car la préfecture m’a notifié une obligation de quitter le territoire français.';
    expect((await classify(oqtf, ['oqtf', 'autre'])).value.category).toBe('oqtf');
    const fallback = await classify('Rien de particulier.', ['alpha', 'beta']);
    expect(fallback.value.category).toBe('alpha');
    expect(fallback.confidence).toBe(0.3);
  });

  it('extracts only the fields asked for, and analyses with findings by depth', async () => {
    const text =
      'Arrêté du 5 mars 2026 portant obligation de quitter le territoire français, notifié le 9 mars 2026. Numéro étranger : 6912345678. Instructions : voir Me Martin.';
    const extracted = await builtinProvider.answer({ kind: 'extract', text, fields: ['notificationDate', 'phones'] });
    expect(extracted.value).toEqual({ notificationDate: '2026-03-09' });
    const quick = await builtinProvider.answer({ kind: 'analyze', text, depth: 'quick' });
    const deep = await builtinProvider.answer({ kind: 'analyze', text, depth: 'deep', instructions: 'Délais ?' });
    expect(quick.value.summary).toMatch(/^Courrier relevant d'une procédure : OQTF/);
    const labels = (answer: typeof quick) => (answer.value.findings as { label: string }[]).map((f) => f.label);
    expect(labels(quick)).not.toContain('Numéro AGDREF');
    expect(labels(deep)).toEqual(expect.arrayContaining(['Numéro AGDREF', 'Consignes non interprétées']));
  });
});
