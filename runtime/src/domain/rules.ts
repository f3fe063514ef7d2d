/**
 * Choosing a CESEDA rule: by id or by procedure type and situation, for the regime in force on the decision date
 * (decisions taken before 15 July 2024 keep the former rules). Rules are data passed in (presets/ceseda/rules.json,
 * loaded and validated by @iapm/presets); nothing here reads a file.
 */
import type { CesedaRule } from '@iapm/schemas';
import { domainError } from './errors.ts';
import { parseDate } from './time.ts';

export type Confidence = CesedaRule['confidence'];
export type ProcedureType = NonNullable<CesedaRule['appliesTo']>['procedureTypes'][number];
export type Situation = NonNullable<NonNullable<CesedaRule['appliesTo']>['situations']>[number];

/** French and English words for a confidence level. */
export const CONFIDENCE_LABELS: Record<Confidence, { fr: string; en: string }> = {
  high: { fr: 'élevée', en: 'high' },
  medium: { fr: 'moyenne — à vérifier', en: 'medium — to be checked' },
  low: { fr: 'faible — non confirmée', en: 'low — unconfirmed' },
};

const RANK: Record<Confidence, number> = { high: 2, medium: 1, low: 0 };

/**
 * The lower of two confidence levels.
 * Pure: no clock, no I/O.
 */
export function lowerConfidence(a: Confidence, b: Confidence): Confidence {
  return RANK[a] <= RANK[b] ? a : b;
}

/**
 * True when `rule` covers decisions taken on `decisionDate` (`YYYY-MM-DD`, inclusive bounds).
 * Pure: no clock, no I/O.
 */
export function ruleInForce(rule: CesedaRule, decisionDate: string): boolean {
  if (rule.validFrom && decisionDate < rule.validFrom) return false;
  if (rule.validTo && decisionDate > rule.validTo) return false;
  return true;
}

/** What to choose a rule by. */
export interface RuleQuery {
  ruleId?: string;
  procedureType?: ProcedureType;
  situation?: Situation;
  /** `YYYY-MM-DD`; without it, the rules in force today (no `validTo`) are chosen. */
  decisionDate?: string;
}

/** The rule chosen, and why (French and English), including any assumption made. */
export interface RuleChoice {
  rule: CesedaRule;
  reasons: { fr: string; en: string }[];
  /** True when the situation was not given and the rule was chosen for a person at liberty. */
  assumedSituation: boolean;
}

function fitsSituation(rule: CesedaRule, situation: Situation | undefined): boolean {
  const situations = rule.appliesTo?.situations;
  return !situations || situation === undefined || situations.includes(situation);
}

/**
 * Chooses the rule for `query`. By id: that rule, or — when the decision date falls before it took effect — the
 * rule of the former regime listed in its `previousRegime` that fits the situation. By procedure type: the rule
 * whose `appliesTo` names it and the situation (a person at liberty is assumed when the situation is missing and
 * the choice depends on it). Throws a DomainError (`rules.unknown-rule`, `rules.no-rule`).
 * Pure: no clock, no I/O.
 */
export function selectRule(rules: readonly CesedaRule[], query: RuleQuery): RuleChoice {
  const date = query.decisionDate;
  if (date !== undefined) parseDate(date, '/decisionDate');
  const reasons: { fr: string; en: string }[] = [];
  const byId = new Map(rules.map((rule) => [rule.id, rule]));

  if (query.ruleId !== undefined) {
    const rule = byId.get(query.ruleId);
    if (!rule) throw domainError('rules.unknown-rule', '/ruleId', { id: query.ruleId });
    if (date === undefined || ruleInForce(rule, date)) return { rule, reasons, assumedSituation: false };
    const earlier = (rule.previousRegime ?? [])
      .map((id) => byId.get(id))
      .filter((candidate): candidate is CesedaRule => candidate !== undefined && ruleInForce(candidate, date));
    const fitting = earlier.filter((candidate) => fitsSituation(candidate, query.situation));
    const chosen = fitting[0] ?? earlier[0];
    if (!chosen) {
      throw domainError('rules.no-rule', '/decisionDate', {
        procedure: rule.id,
        situation: query.situation ?? '—',
        date,
      });
    }
    reasons.push({
      fr: `Décision du ${date}, antérieure à l'entrée en vigueur de ${rule.id} (${rule.validFrom}) : règle de l'ancien régime ${chosen.id}.`,
      en: `Decision of ${date}, before ${rule.id} took effect (${rule.validFrom}): former-regime rule ${chosen.id}.`,
    });
    return { rule: chosen, reasons, assumedSituation: false };
  }

  if (query.procedureType === undefined) {
    throw domainError('rules.no-rule', '/procedureType', { procedure: '—', situation: '—', date: date ?? '—' });
  }
  const inForce = rules.filter(
    (rule) =>
      rule.appliesTo?.procedureTypes.includes(query.procedureType as ProcedureType) &&
      (date === undefined ? rule.validTo === null : ruleInForce(rule, date)),
  );
  let situation = query.situation;
  let assumedSituation = false;
  if (situation === undefined && inForce.some((rule) => rule.appliesTo?.situations)) {
    situation = 'libre';
    assumedSituation = true;
    reasons.push({
      fr: 'Situation non précisée : personne libre supposée. À vérifier (assignation ou détention : 7 jours ; rétention : 48 heures).',
      en: 'Situation not given: person at liberty assumed. To be checked (assigned or detained: 7 days; detention centre: 48 hours).',
    });
  }
  const rule = inForce.find((candidate) => fitsSituation(candidate, situation));
  if (!rule) {
    throw domainError('rules.no-rule', '/procedureType', {
      procedure: query.procedureType,
      situation: situation ?? '—',
      date: date ?? '—',
    });
  }
  reasons.push({
    fr: `Procédure ${query.procedureType}${situation ? `, situation « ${situation} »` : ''} : règle ${rule.id}.`,
    en: `Procedure ${query.procedureType}${situation ? `, situation "${situation}"` : ''}: rule ${rule.id}.`,
  });
  return { rule, reasons, assumedSituation };
}
