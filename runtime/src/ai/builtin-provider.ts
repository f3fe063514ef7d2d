/**
 * The built-in provider: rules and patterns, no model. It reads the text with the CESEDA extractor
 * (`extractCase`) and answers the three AI tasks from what it found; nothing leaves the process.
 */
import { type ExtractedCase, extractCase, prepareText } from '../domain/extraction/index.ts';
import type { AiAnswer, AiProvider, AiTask } from './types.ts';

/** Version of the rules below; part of every answer's provenance. */
export const BUILTIN_MODEL = 'iapm-rules-1';
export const BUILTIN_PROMPTS = { classify: 'classify-rules@1', extract: 'extract-rules@1', analyze: 'analyze-rules@1' };

type Urgency = 'faible' | 'moyen' | 'eleve' | 'critique';

const INVOICE = /\b(?:facture|paiement|reglement|iban|honoraires|virement|echeancier|avoir n°|montant du)\b/g;
const SPAM =
  /\b(?:se desinscrire|desinscription|desabonner|unsubscribe|newsletter|offre speciale|promotion|gagnez|gagner|casino|bitcoin|cryptomonnaie|cliquez ici)\b/g;
const NEW_CLIENT =
  /\b(?:premier rendez-vous|prendre (?:un )?rendez-vous|demande de consultation|une consultation|je souhaite(?:rais)? (?:vous )?consulter|besoin d'un avocat|vos tarifs|nouveau client|me defendre|m'accompagner|m'aider dans (?:ma|mes) demarches?)\b/g;
const URGENT_WORDS =
  /\b(?:urgent|urgence|en urgence|au plus vite|tres rapidement|sans delai|48 ?h|48 heures|demain matin)\b/g;

const count = (folded: string, pattern: RegExp) => [...folded.matchAll(pattern)].length;
const rank: Record<Urgency, number> = { faible: 0, moyen: 1, eleve: 2, critique: 3 };
const higher = (a: Urgency, b: Urgency) => (rank[a] >= rank[b] ? a : b);

/** The urgency the rules give a case: detention and removal first, then any CESEDA matter, then the words used. */
export function urgencyOf(found: ExtractedCase, folded: string): Urgency {
  let urgency: Urgency = 'faible';
  if (found.situation === 'retention' || found.situation === 'detenu') urgency = 'critique';
  else if (['OQTF', 'DUBLIN', 'EXPULSION'].includes(found.procedureType)) {
    urgency = /\bsans delai\b/.test(folded) ? 'critique' : 'eleve';
  } else if (found.procedureType !== 'AUTRE') urgency = 'moyen';
  if (count(folded, URGENT_WORDS) > 0) urgency = higher(urgency, 'eleve');
  return urgency;
}

/** Scores of the categories the rules know; a firm's own category named after a procedure gets its score too. */
function scores(found: ExtractedCase, folded: string, urgency: Urgency): Map<string, number> {
  const out = new Map<string, number>();
  const ceseda = found.procedureType !== 'AUTRE';
  if (ceseda) {
    out.set('ceseda', found.fields.procedureType.confidence);
    out.set(found.procedureType.toLowerCase(), found.fields.procedureType.confidence);
  }
  if (urgency === 'critique') out.set('urgent', 0.9);
  else if (count(folded, URGENT_WORDS) > 0) out.set('urgent', ceseda ? 0.7 : 0.6);
  const invoice = count(folded, INVOICE);
  if (invoice > 0) out.set('facture', invoice >= 2 ? 0.85 : 0.7);
  const spam = count(folded, SPAM);
  if (spam > 0) out.set('spam', spam >= 2 ? 0.85 : 0.65);
  if (count(folded, NEW_CLIENT) > 0) out.set('nouveau_client', ceseda ? 0.7 : 0.75);
  return out;
}

function classify(task: Extract<AiTask, { kind: 'classify' }>): AiAnswer {
  const found = extractCase({ text: task.text, ...(task.subject ? { subject: task.subject } : {}) });
  const folded = prepareText(`${task.subject ?? ''}\n${task.text}`).folded;
  const urgency = urgencyOf(found, folded);
  const scored = scores(found, folded, urgency);
  // A critical matter goes to "urgent" when the firm has that category, whatever else matches.
  let category: string | undefined;
  let confidence = 0;
  if (urgency === 'critique' && task.categories.includes('urgent')) {
    category = 'urgent';
    confidence = scored.get('urgent') ?? 0.9;
  } else {
    for (const candidate of task.categories) {
      const score = scored.get(candidate) ?? 0;
      if (score > confidence) {
        category = candidate;
        confidence = score;
      }
    }
  }
  if (!category) {
    category = task.categories.includes('information') ? 'information' : (task.categories[0] as string);
    confidence = task.categories.includes('information') ? 0.5 : 0.3;
  }
  return {
    value: {
      category,
      ...(found.procedureType !== 'AUTRE' ? { procedureType: found.procedureType } : {}),
      ...(found.situation ? { situation: found.situation } : {}),
      urgency,
    },
    confidence: Math.round(confidence * 100) / 100,
    provenance: { provider: 'builtin', model: BUILTIN_MODEL, promptVersion: BUILTIN_PROMPTS.classify },
  };
}

/** The requested fields the extractor found (empty lists and unknown values left out). */
function extractedFields(found: ExtractedCase, fields: readonly string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {
    procedureType: found.procedureType,
    situation: found.situation ?? undefined,
    decisionDate: found.decisionDate ?? undefined,
    notificationDate: found.notificationDate ?? undefined,
    trackingNumbers: found.trackingNumbers
      .slice(0, 50)
      .map(({ number, carrier, valid }) => ({ number, carrier, valid })),
    phones: found.phones.slice(0, 50),
    emails: found.emails.slice(0, 50),
    people: found.people.slice(0, 50).map(({ name, role, confidence }) => ({ name, role, confidence })),
    agdrefNumbers: found.agdrefNumbers.slice(0, 20),
  };
  return Object.fromEntries(
    fields
      .map((field) => [field, all[field]] as const)
      .filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)),
  );
}

function extract(task: Extract<AiTask, { kind: 'extract' }>): AiAnswer {
  const found = extractCase({ text: task.text, ...(task.receivedAt ? { receivedAt: task.receivedAt } : {}) });
  const asked = task.fields.map((field) => found.fields[field].confidence);
  return {
    value: extractedFields(found, task.fields),
    // The fields asked for, averaged: what the answer is worth for this use.
    confidence: Math.round((asked.reduce((sum, c) => sum + c, 0) / Math.max(1, asked.length)) * 100) / 100,
    provenance: { provider: 'builtin', model: BUILTIN_MODEL, promptVersion: BUILTIN_PROMPTS.extract },
  };
}

const PROCEDURE_LABELS: Record<string, string> = {
  OQTF: 'OQTF (obligation de quitter le territoire français)',
  REFUS_TITRE: 'refus de titre de séjour',
  RETRAIT_TITRE: 'retrait de titre de séjour',
  ASILE: 'asile (OFPRA / CNDA)',
  DUBLIN: 'transfert Dublin',
  REGROUPEMENT_FAMILIAL: 'regroupement familial',
  NATURALISATION: 'naturalisation',
  VISA: 'refus de visa',
  EXPULSION: 'expulsion',
};
const SITUATION_LABELS: Record<string, string> = {
  libre: 'libre',
  assigne: 'assignée à résidence',
  detenu: 'détenue',
  retention: 'en rétention administrative',
};

const URGENCY_LABELS: Record<Urgency, string> = {
  faible: 'faible',
  moyen: 'moyenne',
  eleve: 'élevée',
  critique: 'critique',
};

function analyze(task: Extract<AiTask, { kind: 'analyze' }>): AiAnswer {
  const found = extractCase({ text: task.text });
  const folded = prepareText(task.text).folded;
  const urgency = urgencyOf(found, folded);
  const findings: { label: string; detail?: string }[] = [];
  const procedure = PROCEDURE_LABELS[found.procedureType];
  if (procedure) findings.push({ label: 'Procédure', detail: procedure });
  if (found.situation) findings.push({ label: 'Situation de la personne', detail: SITUATION_LABELS[found.situation] });
  if (found.decisionDate) findings.push({ label: 'Date de la décision', detail: found.decisionDate });
  if (found.notificationDate) {
    const how = found.notificationHow ? ` (${found.notificationHow})` : '';
    findings.push({ label: 'Date de notification', detail: `${found.notificationDate}${how}` });
  }
  findings.push({ label: 'Urgence estimée', detail: URGENCY_LABELS[urgency] });
  if (task.depth !== 'quick') {
    for (const t of found.trackingNumbers) {
      findings.push({
        label: 'Numéro de suivi',
        detail: `${t.number} (${t.carrier}${t.valid ? '' : ', clé non vérifiée'})`,
      });
    }
    if (found.agdrefNumbers.length) findings.push({ label: 'Numéro AGDREF', detail: found.agdrefNumbers.join(', ') });
  }
  if (task.depth === 'deep') {
    for (const p of found.people) findings.push({ label: 'Personne citée', detail: `${p.name} (${p.role})` });
    if (found.phones.length) findings.push({ label: 'Téléphones', detail: found.phones.join(', ') });
    if (found.emails.length) findings.push({ label: 'Adresses e-mail', detail: found.emails.join(', ') });
  }
  if (task.instructions) {
    findings.push({
      label: 'Consignes non interprétées',
      detail: 'Analyse par règles : les consignes libres ne sont pas suivies, seuls les faits ci-dessus sont relevés.',
    });
  }
  const parts = [
    procedure ? `Courrier relevant d'une procédure : ${procedure}` : 'Aucune procédure CESEDA reconnue',
    found.situation ? `personne ${SITUATION_LABELS[found.situation]}` : undefined,
    found.decisionDate ? `décision du ${found.decisionDate}` : undefined,
    found.notificationDate ? `notifiée le ${found.notificationDate}` : 'date de notification non trouvée',
    `urgence ${URGENCY_LABELS[urgency]}`,
  ].filter(Boolean);
  return {
    value: { summary: `${parts.join(' ; ')}.`, findings: findings.slice(0, 100) },
    confidence: found.confidence,
    provenance: { provider: 'builtin', model: BUILTIN_MODEL, promptVersion: BUILTIN_PROMPTS.analyze },
  };
}

/** The built-in rules' answer to a task, synchronously (the sandbox reads texts with them). */
export function answerByRules(task: AiTask): AiAnswer {
  if (task.kind === 'classify') return classify(task);
  if (task.kind === 'extract') return extract(task);
  return analyze(task);
}

/** The built-in provider; synchronous underneath, it never fails on a text within the extractor's limits. */
export const builtinProvider: AiProvider = {
  name: 'builtin',
  async answer(task) {
    return answerByRules(task);
  },
};
