import { describe, expect, it } from 'vitest';
import { prepareText } from './text.ts';
import { findTrackingNumbers, isValidS10, s10CheckDigit } from './tracking.ts';

const numbers = (text: string) => findTrackingNumbers(prepareText(text)).map((t) => [t.number, t.carrier, t.valid]);

describe('UPU S10 check digit', () => {
  it.each([
    ['EE471108151FR', true],
    ['EB000717618HK', true],
    ['RR482017350FR', true],
    ['RR482017351FR', false],
    ['EE471108152FR', false],
    ['E471108151FR', false],
  ])('%s → %s', (number, valid) => {
    expect(isValidS10(number)).toBe(valid);
  });

  it('maps 10 to 0 and 11 to 5', () => {
    // Weights 8,6,4,2,3,5,9,7: 00000001 sums to 7 → 11 − 7 = 4; 00000000 sums to 0 → 11 → 5;
    // 02000000 sums to 12 ≡ 1 → 10 → 0; 00000010 sums to 9 → 2.
    expect(s10CheckDigit('00000001')).toBe(4);
    expect(s10CheckDigit('00000000')).toBe(5);
    expect(s10CheckDigit('02000000')).toBe(0);
    expect(s10CheckDigit('00000010')).toBe(2);
  });
});

describe('findTrackingNumbers', () => {
  it('reads spaced and compact forms near postal words', () => {
    expect(numbers('Lettre recommandée n° RR 482 017 350 FR reçue hier.')).toEqual([
      ['RR482017350FR', 'upu-s10', true],
    ]);
    expect(numbers('Suivi Colissimo : 6A19045233178')).toEqual([['6A19045233178', 'colissimo', true]]);
    expect(numbers('LRAR n° 1A 041 278 3356 2')).toEqual([['1A04127833562', 'laposte', true]]);
    expect(numbers('envoyé en Chronopost, numéro EE 630 182 949 FR')).toEqual([['EE630182949FR', 'chronopost', true]]);
  });

  it('needs a postal word nearby', () => {
    expect(numbers('Ma référence interne est RR482017350FR et mon badge 1A04127833562.')).toEqual([]);
  });

  it('keeps a wrong S10 check digit only right after a tracking label, marked invalid', () => {
    expect(numbers('Numéro de suivi : RR482017351FR')).toEqual([['RR482017351FR', 'upu-s10', false]]);
    expect(numbers('Votre colis est arrivé. Référence RR482017351FR.')).toEqual([]);
  });

  it('takes an 11–15 character number after an explicit label', () => {
    expect(numbers('Numéro de suivi : 87000634002228A')).toEqual([['87000634002228A', 'unknown', true]]);
  });

  it('never reads IBANs, phone numbers, AGDREF or case numbers as tracking numbers', () => {
    const text = `Suivi du dossier et de l'envoi recommandé :
IBAN FR76 3000 4000 0312 3456 7890 143 - BIC BNPAFRPPXXX
téléphone 06 39 98 12 34, AGDREF 7503219846, requête n° 2608123, OFPRA 24-08123456, SIRET 12345678901234`;
    expect(numbers(text)).toEqual([]);
  });

  it('lists each number once', () => {
    expect(numbers('Recommandé RR482017350FR, je répète : RR 482 017 350 FR.')).toHaveLength(1);
  });
});
