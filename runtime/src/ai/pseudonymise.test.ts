import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from './pseudonymise.ts';

const LETTER = `Bonjour Maître,

Je m'appelle Amina Benali, née le 3 mai 1990. J'ai reçu une OQTF le 9 mars 2026 de la préfecture du Rhône.
Mon numéro étranger AGDREF est 6912345678. Vous pouvez me joindre au 06 12 34 56 78 ou au +213 555 12 34 56,
ou par e-mail : amina.benali@example.com. J'habite 12 bis rue Paul-Bert, 69003 Lyon.
Mon mari, M. Karim BENALI, est hébergé au 4 avenue Jean Jaurès, 93200 Saint-Denis (BP 4021).

Cordialement,
Amina Benali`;

const ORIGINALS = [
  'Amina',
  'Benali',
  'BENALI',
  'Karim',
  '6912345678',
  '06 12 34 56 78',
  '+213 555 12 34 56',
  'amina.benali@example.com',
  'rue Paul-Bert',
  '69003 Lyon',
  'avenue Jean Jaurès',
  'Saint-Denis',
  'BP 4021',
];

describe('pseudonymisation', () => {
  it('replaces names, emails, phones, addresses and AGDREF numbers, keeping the rest of the text', () => {
    const p = new Pseudonymiser();
    const hidden = p.hide(LETTER, 'Amina Benali <amina.benali@example.com>');
    for (const original of ORIGINALS) expect(hidden).not.toContain(original);
    expect(hidden).toContain("J'ai reçu une OQTF le 9 mars 2026 de la préfecture du Rhône.");
    expect(hidden).toContain('Mon numéro étranger AGDREF est [NUM_ETRANGER_1].');
    expect(hidden).toMatch(/\[EMAIL_1\]/);
    expect(hidden).toMatch(/au \[TEL_1\] ou au \[TEL_2\]/);
    expect(hidden).toMatch(/J'habite \[ADRESSE_\d\], \[ADRESSE_\d\]\./);
    expect(hidden).toMatch(/M\. \[NOM_\d\] \[NOM_\d\]/);
  });

  it('gives the same original the same placeholder across texts, and restores every string of an answer', () => {
    const p = new Pseudonymiser(['Amina Benali']);
    const subject = p.hide('OQTF de Mme Benali');
    const body = p.hide('Mme Benali (amina.benali@example.com) a appelé.');
    const benali = p.entries().find(([original]) => original === 'Benali')?.[1];
    expect(benali).toMatch(/^\[NOM_\d\]$/);
    expect(subject).toBe(`OQTF de Mme ${benali}`);
    expect(body.startsWith(`Mme ${benali} ([EMAIL_1])`)).toBe(true);
    const answer = {
      summary: `${benali} a reçu une OQTF ; écrire à [EMAIL_1].`,
      people: [{ name: `Amina ${benali}`, role: 'concerned' }],
      unknown: '[NOM_99] reste tel quel',
      count: 2,
    };
    expect(p.restore(answer)).toEqual({
      summary: 'Benali a reçu une OQTF ; écrire à amina.benali@example.com.',
      people: [{ name: 'Amina Benali', role: 'concerned' }],
      unknown: '[NOM_99] reste tel quel',
      count: 2,
    });
  });

  it('hides the names known to the case even where no pattern would find them', () => {
    const p = new Pseudonymiser(['Ioana Popescu']);
    const hidden = p.hide('Dossier popescu : ioana attend sa carte.');
    expect(hidden).not.toMatch(/popescu|ioana/i);
    expect(p.restore(hidden)).toBe('Dossier popescu : ioana attend sa carte.');
  });

  it('stays fast on long and adversarial input', () => {
    const p = new Pseudonymiser(['Amina Benali']);
    const long = `${'12 rue '.repeat(5000)}${'1'.repeat(20_000)} ${'+33 '.repeat(3000)}${'M. A'.repeat(3000)}`;
    const started = performance.now();
    p.hide(long);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
