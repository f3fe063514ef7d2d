import { deref } from './deref.ts';
import type { Text } from './issues.ts';
import { ACTION_FILES, EVENT_FILES, type JsonSchema, OPERATORS_DATA, type OperatorEntry } from './registry.ts';
import { defRef } from './validate.ts';

export type Autonomy = 'GREEN' | 'ORANGE' | 'RED';
export const AUTONOMY_ORDER: Record<Autonomy, number> = { GREEN: 0, ORANGE: 1, RED: 2 };

/** An event type as the studio and the API present it. */
export interface EventEntry {
  type: string;
  category: string;
  categoryLabel: Text;
  label: Text;
  description: Text;
  /** `$ref` of the payload schema (for Ajv). */
  schemaRef: string;
  /** The payload schema with every `$ref` resolved. */
  payloadSchema: JsonSchema;
  examples: unknown[];
}

/** An action type of the catalog (27 of them), or one of the brief's flow names that is a node kind (4). */
export interface ActionEntry {
  name: string;
  category: string;
  categoryLabel: Text;
  label: Text;
  description: Text;
  /** For `trigger_workflow`, `wait`, `branch`, `loop`: the node kind that implements it. */
  nodeKind?: string;
  autonomy?: Autonomy;
  idempotent?: boolean;
  compensable?: boolean;
  emits?: string[];
  paramsRef?: string;
  outputRef?: string;
  paramsSchema?: JsonSchema;
  outputSchema?: JsonSchema;
}

/** A node kind of the workflow document, with its ports. */
export interface NodeKindEntry {
  kind: string;
  label: Text;
  description: Text;
  group: 'trigger' | 'condition' | 'action' | 'flow';
  /** Fixed output ports; `switch` adds one per case, `parallel` takes any number of unnamed edges. */
  ports: string[];
  /** The port an edge without `port` leaves from, when the kind has one. */
  defaultPort?: string;
}

export interface Catalog {
  events: EventEntry[];
  actions: ActionEntry[];
  operators: OperatorEntry[];
  nodeKinds: NodeKindEntry[];
}

const text = (s: JsonSchema, fr: string, en: string): Text => ({
  fr: String(s[fr] ?? ''),
  en: String(s[en] ?? s[fr] ?? ''),
});

/** Ports of each node kind, shared by the graph checker, the runtime and the studio. */
export const NODE_KINDS: NodeKindEntry[] = [
  {
    kind: 'trigger',
    group: 'trigger',
    ports: ['next'],
    defaultPort: 'next',
    label: { fr: 'Déclencheur', en: 'Trigger' },
    description: {
      fr: 'Un événement ou un calendrier démarre le workflow.',
      en: 'An event or a schedule starts the workflow.',
    },
  },
  {
    kind: 'condition',
    group: 'condition',
    ports: ['true', 'false'],
    label: { fr: 'Condition', en: 'Condition' },
    description: { fr: 'Oui / Non selon une règle.', en: 'Yes / No according to a rule.' },
  },
  {
    kind: 'switch',
    group: 'condition',
    ports: ['default'],
    label: { fr: 'Aiguillage', en: 'Switch' },
    description: {
      fr: "Plusieurs cas essayés dans l'ordre, puis « Autre cas ».",
      en: 'Several cases tried in order, then "Default".',
    },
  },
  {
    kind: 'action',
    group: 'action',
    ports: ['success', 'error', 'approved', 'rejected', 'timeout'],
    defaultPort: 'success',
    label: { fr: 'Action', en: 'Action' },
    description: { fr: 'Une action du catalogue.', en: 'A catalog action.' },
  },
  {
    kind: 'wait',
    group: 'flow',
    ports: ['next', 'event', 'timeout'],
    defaultPort: 'next',
    label: { fr: 'Attente', en: 'Wait' },
    description: {
      fr: 'Une durée, une date, ou un événement attendu.',
      en: 'A duration, a date, or an awaited event.',
    },
  },
  {
    kind: 'parallel',
    group: 'flow',
    ports: [],
    label: { fr: 'Parallèle', en: 'Parallel' },
    description: { fr: 'Lance plusieurs branches à la fois.', en: 'Starts several branches at once.' },
  },
  {
    kind: 'join',
    group: 'flow',
    ports: ['next'],
    defaultPort: 'next',
    label: { fr: 'Jonction', en: 'Join' },
    description: { fr: 'Rassemble des branches parallèles.', en: 'Gathers parallel branches.' },
  },
  {
    kind: 'loop',
    group: 'flow',
    ports: ['each', 'done'],
    label: { fr: 'Boucle', en: 'Loop' },
    description: {
      fr: "Répète une branche pour chaque élément d'une liste.",
      en: 'Repeats a branch for each item of a list.',
    },
  },
  {
    kind: 'subflow',
    group: 'flow',
    ports: ['success', 'error'],
    defaultPort: 'success',
    label: { fr: 'Sous-workflow', en: 'Subflow' },
    description: { fr: 'Démarre un autre workflow publié.', en: 'Starts another published workflow.' },
  },
  {
    kind: 'end',
    group: 'flow',
    ports: [],
    label: { fr: 'Fin', en: 'End' },
    description: { fr: 'Termine le run.', en: 'Ends the run.' },
  },
];

let cached: Catalog | undefined;

/** The whole catalog, built once from the schema files. */
export function getCatalog(): Catalog {
  if (cached) return cached;
  const events: EventEntry[] = [];
  for (const file of EVENT_FILES) {
    for (const [type, schema] of Object.entries(file.$defs)) {
      events.push({
        type,
        category: String(schema['x-category']),
        categoryLabel: text(file, 'title', 'x-title-en'),
        label: text(schema, 'title', 'x-title-en'),
        description: text(schema, 'description', 'x-description-en'),
        schemaRef: defRef(file.$id, type),
        payloadSchema: deref(schema, file.$id),
        examples: Array.isArray(schema.examples) ? schema.examples : [],
      });
    }
  }
  const actions: ActionEntry[] = [];
  for (const file of ACTION_FILES) {
    for (const [name, schema] of Object.entries(file.$defs)) {
      if (name.endsWith('.output')) continue;
      const base: ActionEntry = {
        name,
        category: String(schema['x-category']),
        categoryLabel: text(file, 'title', 'x-title-en'),
        label: text(schema, 'title', 'x-title-en'),
        description: text(schema, 'description', 'x-description-en'),
      };
      if (typeof schema['x-node-kind'] === 'string') {
        actions.push({ ...base, nodeKind: schema['x-node-kind'] });
        continue;
      }
      const output = file.$defs[`${name}.output`];
      if (!output) throw new Error(`action ${name} has no output schema`);
      actions.push({
        ...base,
        autonomy: schema['x-autonomy'] as Autonomy,
        idempotent: schema['x-idempotent'] === true,
        compensable: schema['x-compensable'] === true,
        emits: (schema['x-emits'] as string[] | undefined) ?? [],
        paramsRef: defRef(file.$id, name),
        outputRef: defRef(file.$id, `${name}.output`),
        paramsSchema: deref(schema, file.$id),
        outputSchema: deref(output, file.$id),
      });
    }
  }
  cached = { events, actions, operators: OPERATORS_DATA.operators, nodeKinds: NODE_KINDS };
  return cached;
}

/** The event entry of a type, if it exists. */
export function findEvent(type: string): EventEntry | undefined {
  return eventIndex().get(type);
}

/** The action entry of a name (actions and node-kind names alike), if it exists. */
export function findAction(name: string): ActionEntry | undefined {
  return actionIndex().get(name);
}

let events: Map<string, EventEntry> | undefined;
let actions: Map<string, ActionEntry> | undefined;
const eventIndex = () => {
  events ??= new Map(getCatalog().events.map((e) => [e.type, e]));
  return events;
};
const actionIndex = () => {
  actions ??= new Map(getCatalog().actions.map((a) => [a.name, a]));
  return actions;
};
