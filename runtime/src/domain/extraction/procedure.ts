/**
 * The procedure type (OQTF, refus / retrait de titre, asile, Dublin, regroupement familial, naturalisation, visa,
 * expulsion) and the situation of the person (libre, assigné, détenu, en rétention), from weighted French
 * keywords, with negations ("sans OQTF", "pas en rétention") taken into account.
 */
import type { ProcedureType, Situation } from '../rules.ts';
import { negatedBefore, type PreparedText } from './text.ts';

interface Cue {
  pattern: RegExp;
  weight: number;
}

const PROCEDURE_CUES: Record<Exclude<ProcedureType, 'AUTRE'>, Cue[]> = {
  OQTF: [
    { pattern: /\boqtf\b/g, weight: 6 },
    { pattern: /\bobligation de quitter (?:le )?(?:territoire|la france)/g, weight: 6 },
    { pattern: /\bquitter le territoire francais\b/g, weight: 3 },
    { pattern: /\bdelai de depart volontaire\b/g, weight: 2 },
    { pattern: /\binterdiction de retour\b/g, weight: 2 },
  ],
  EXPULSION: [
    { pattern: /\barrete (?:ministeriel |prefectoral )?d'expulsion\b/g, weight: 8 },
    { pattern: /\bexpulsion\b/g, weight: 3 },
  ],
  DUBLIN: [
    { pattern: /\bdublin\b/g, weight: 6 },
    { pattern: /\b(?:decision|arrete) de transfert\b/g, weight: 5 },
    { pattern: /\btransfert aux autorites\b/g, weight: 4 },
    { pattern: /\btransfert vers\b/g, weight: 3 },
    { pattern: /\betat membre responsable\b/g, weight: 3 },
  ],
  ASILE: [
    { pattern: /\bofpra\b/g, weight: 4 },
    { pattern: /\bcnda\b/g, weight: 4 },
    { pattern: /\bcour nationale du droit d'asile\b/g, weight: 5 },
    { pattern: /\bdemande d'asile\b/g, weight: 3 },
    { pattern: /\bprotection subsidiaire\b/g, weight: 3 },
    { pattern: /\bstatut de refugie\b/g, weight: 3 },
    { pattern: /\basile\b/g, weight: 1 },
  ],
  REGROUPEMENT_FAMILIAL: [
    { pattern: /\bregroupement familial\b/g, weight: 7 },
    { pattern: /\breunification familiale\b/g, weight: 5 },
  ],
  NATURALISATION: [
    { pattern: /\bnaturalisation\b/g, weight: 7 },
    { pattern: /\bnationalite francaise\b/g, weight: 3 },
    { pattern: /\breintegration dans la nationalite\b/g, weight: 4 },
  ],
  VISA: [
    { pattern: /\brefus(?:e|er)? (?:de |du |le )?visas?\b/g, weight: 6 },
    { pattern: /\bvisas?\b/g, weight: 3 },
    { pattern: /\bcrrv\b/g, weight: 5 },
    { pattern: /\bcommission de recours contre les decisions de refus de visa\b/g, weight: 6 },
    { pattern: /\bsous-direction des visas\b/g, weight: 5 },
    { pattern: /\bconsulat\b/g, weight: 2 },
    { pattern: /\bfrance-visas\b/g, weight: 3 },
  ],
  RETRAIT_TITRE: [
    { pattern: /\bretrait (?:de |d')(?:ma |sa |son |votre |leur |la |le |l')?(?:carte|titre)/g, weight: 7 },
    { pattern: /\bretir(?:e|er) (?:ma |sa |son |votre |la |le )(?:carte|titre)/g, weight: 6 },
  ],
  REFUS_TITRE: [
    { pattern: /\brefus de (?:titre|sejour|delivrance|renouvellement)/g, weight: 5 },
    { pattern: /\brefus(?:e|er)? (?:de )?(?:delivrer|renouveler)/g, weight: 4 },
    { pattern: /\bnon[- ]renouvellement\b/g, weight: 4 },
    { pattern: /\b(?:refus|rejet) implicite\b/g, weight: 3 },
    { pattern: /\bportant refus\b/g, weight: 4 },
    { pattern: /\bdecision de refus\b/g, weight: 2 },
    { pattern: /\b(?:titre|carte) de (?:sejour|resident)\b/g, weight: 1 },
  ],
};

const SITUATION_CUES: Record<Exclude<Situation, 'libre'>, RegExp> = {
  retention: /\b(?:retention|retenue?|cra)\b/g,
  detenu: /\b(?:detenue?|centre penitentiaire|maison d'arret|incarceree?|en prison|ecroue?)\b/g,
  assigne: /\b(?:assignation a residence|assignee? a residence|assignee?|assignation)\b/g,
};
const FREE_CUES = /\b(?:je suis libre|elle est libre|il est libre|est libre|en liberte)\b/;

export interface Classification<T> {
  value: T;
  confidence: number;
}

function score(folded: string, cues: Cue[]): number {
  let total = 0;
  for (const { pattern, weight } of cues) {
    for (const match of folded.matchAll(pattern)) {
      if (!negatedBefore(folded, match.index)) total += weight;
    }
  }
  return total;
}

/**
 * The procedure type with the highest keyword score (the subject counts twice). An OQTF that is not negated wins
 * over the refusal or withdrawal it accompanies; below a score of 3, `AUTRE`.
 * Pure: no clock, no I/O.
 */
export function classifyProcedure(body: PreparedText, subject?: PreparedText): Classification<ProcedureType> {
  const scores = new Map<ProcedureType, number>();
  for (const [type, cues] of Object.entries(PROCEDURE_CUES) as [ProcedureType, Cue[]][]) {
    scores.set(type, score(body.folded, cues) + (subject ? 2 * score(subject.folded, cues) : 0));
  }
  const oqtf = scores.get('OQTF') ?? 0;
  if (oqtf >= 6) {
    // The refusal or withdrawal of a permit notified with an OQTF is judged as an OQTF (ceseda.md §1.3).
    scores.set('REFUS_TITRE', Math.min(scores.get('REFUS_TITRE') ?? 0, oqtf - 1));
    scores.set('RETRAIT_TITRE', Math.min(scores.get('RETRAIT_TITRE') ?? 0, oqtf - 1));
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < 3) return { value: 'AUTRE', confidence: best && best[1] > 0 ? 0.4 : 0.6 };
  const margin = best[1] - (second?.[1] ?? 0);
  const confidence = Math.min(0.97, 0.55 + Math.min(best[1], 12) * 0.025 + Math.min(margin, 10) * 0.015);
  return { value: best[0], confidence: Math.round(confidence * 100) / 100 };
}

/**
 * The situation of the person: rétention, détention or assignation when named and not negated (in that order of
 * precedence), `libre` when said or when those are negated ("ni assigné ni retenu"); undefined otherwise.
 * Pure: no clock, no I/O.
 */
export function classifySituation(text: PreparedText): Classification<Situation> | undefined {
  const { folded } = text;
  let negated = false;
  for (const situation of ['retention', 'detenu', 'assigne'] as const) {
    for (const match of folded.matchAll(SITUATION_CUES[situation])) {
      if (negatedBefore(folded, match.index)) negated = true;
      else return { value: situation, confidence: 0.85 };
    }
  }
  if (FREE_CUES.test(folded)) return { value: 'libre', confidence: 0.85 };
  if (negated) return { value: 'libre', confidence: 0.75 };
  return undefined;
}
