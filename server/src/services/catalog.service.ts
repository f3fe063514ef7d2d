import { createHash } from 'node:crypto';
import {
  API_FILES,
  type Catalog,
  DOMAIN_SCHEMA,
  deref,
  getCatalog,
  type JsonSchema,
  type Text,
  WORKFLOW_SCHEMA,
} from '@iapm/schemas';

interface Labelled {
  id: string;
  label: Text;
}

/** The values of an enum schema with their labels (`x-enum-labels`, else the value itself). */
function enumValues(schema: JsonSchema | undefined): Labelled[] {
  const labels = (schema?.['x-enum-labels'] ?? {}) as Record<string, Text>;
  return ((schema?.enum ?? []) as string[]).map((id) => ({ id, label: labels[id] ?? { fr: id, en: id } }));
}

function categories<T extends { category: string; categoryLabel: Text }>(entries: T[]) {
  const byId = new Map<string, { id: string; label: Text; count: number }>();
  for (const e of entries) {
    const found = byId.get(e.category);
    if (found) found.count += 1;
    else byId.set(e.category, { id: e.category, label: e.categoryLabel, count: 1 });
  }
  return [...byId.values()];
}

const AUTONOMY_DESCRIPTIONS: Record<string, { description: Text; colour: string }> = {
  GREEN: {
    colour: '#2e7d32',
    description: {
      fr: 'S’exécute seule et est enregistrée « approuvée automatiquement » (classer, extraire, trier, journaliser).',
      en: 'Runs by itself and is recorded "automatically approved" (classify, extract, triage, log).',
    },
  },
  ORANGE: {
    colour: '#ef6c00',
    description: {
      fr: 'Prépare puis attend une validation (brouillons, demandes de pièces, réponses types, messages aux clients).',
      en: 'Prepares, then waits for a validation (drafts, document requests, standard replies, messages to clients).',
    },
  },
  RED: {
    colour: '#c62828',
    description: {
      fr: 'Toujours validée par une personne (recours, interprétation juridique, stratégie, scripts).',
      en: 'Always validated by a person (appeals, legal interpretation, strategy, scripts).',
    },
  },
};

const RUN_STATUSES: Labelled[] = [
  { id: 'running', label: { fr: 'En cours', en: 'Running' } },
  { id: 'waiting', label: { fr: 'En attente', en: 'Waiting' } },
  { id: 'awaiting_validation', label: { fr: 'En attente de validation', en: 'Awaiting validation' } },
  { id: 'succeeded', label: { fr: 'Réussie', en: 'Succeeded' } },
  { id: 'failed', label: { fr: 'En échec', en: 'Failed' } },
  { id: 'cancelled', label: { fr: 'Annulée', en: 'Cancelled' } },
];

export type StudioCatalog = ReturnType<typeof buildCatalog>;

/**
 * Everything the studio needs for its palette and forms, from the schema files: events with payload
 * schemas, actions with parameter/output schemas, autonomy floors and whether this server has a handler
 * for them, operators, node kinds with their ports and node schema, and the labelled value lists (autonomy
 * levels, decisions, validation and run statuses, procedures, situations, urgencies, priorities). Labels are
 * French first, English second. `version` changes whenever any of it does.
 */
export function buildCatalog(options: { handlers?: readonly string[] } = {}) {
  const base: Catalog = getCatalog();
  const handlers = options.handlers ? new Set(options.handlers) : undefined;
  const domain = DOMAIN_SCHEMA.$defs;
  const nodeDefs = (WORKFLOW_SCHEMA.$defs ?? {}) as Record<string, JsonSchema>;
  const decision = (API_FILES.find((f) => f.$id.endsWith('/runs.json'))?.$defs.DecisionBody?.properties ??
    {}) as Record<string, JsonSchema>;
  const body = {
    events: base.events,
    eventCategories: categories(base.events),
    actions: base.actions.map((a) => ({
      ...a,
      // Node-kind entries are implemented by the interpreter itself.
      ...(handlers ? { available: a.nodeKind !== undefined || handlers.has(a.name) } : {}),
    })),
    actionCategories: categories(base.actions),
    operators: base.operators,
    nodeKinds: base.nodeKinds.map((k) => {
      const def = nodeDefs[`${k.kind}Node`];
      return { ...k, ...(def ? { schema: deref(def, WORKFLOW_SCHEMA.$id) } : {}) };
    }),
    autonomyLevels: enumValues(domain.autonomy).map((l) => ({ ...l, ...AUTONOMY_DESCRIPTIONS[l.id] })),
    decisions: enumValues(decision.decision),
    validationStatuses: enumValues(domain.validationStatus),
    runStatuses: RUN_STATUSES,
    procedures: enumValues(domain.procedureType),
    situations: enumValues(domain.situation),
    urgencies: enumValues(domain.urgency),
    priorities: enumValues(domain.priority),
  };
  const version = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
  return { version, ...body };
}
