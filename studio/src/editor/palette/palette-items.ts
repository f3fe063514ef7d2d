import { type Autonomy, getCatalog, type JsonSchema, NODE_KINDS } from '@iapm/schemas';
import type { Bilingual, Lang } from '../../i18n/text.ts';
import type { Doc, DocNode, DocNote, XY } from '../model/document.ts';
import { freshId, freshNoteId, idBase } from '../model/ids.ts';
import { categoryIcon, type IconName } from '../nodes/icons.tsx';

export type PaletteGroup = 'triggers' | 'conditions' | 'actions' | 'flow' | 'notes';

/** A node without its id and place (distributed over the node kinds). */
export type NodeTemplate = DocNode extends infer N ? (N extends DocNode ? Omit<N, 'id' | 'position'> : never) : never;

/** What a palette entry puts on the canvas. */
export type Template = { type: 'node'; node: NodeTemplate } | { type: 'note' };

/** One entry of the palette. */
export interface PaletteItem {
  key: string;
  group: PaletteGroup;
  /** The catalog category (events and actions are listed by category). */
  category?: Bilingual;
  label: Bilingual;
  description: Bilingual;
  icon: IconName;
  autonomy?: Autonomy;
  template: Template;
}

/** A condition line still to be filled in (the studio reports it until a field is chosen). */
export const EMPTY_CONDITION = { '===': [{ var: '' }, ''] };

const kind = (k: string) => NODE_KINDS.find((n) => n.kind === k) as (typeof NODE_KINDS)[number];

/** Values of the required parameters that have a default in the schema. */
function requiredDefaults(schema: JsonSchema | undefined): Record<string, unknown> {
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const out: Record<string, unknown> = {};
  for (const key of (schema?.required as string[] | undefined) ?? []) {
    if (props[key]?.default !== undefined) out[key] = props[key].default;
  }
  return out;
}

const flowItem = (k: string, icon: IconName, node: NodeTemplate): PaletteItem => ({
  key: `flow:${k}`,
  group: 'flow',
  label: kind(k).label,
  description: kind(k).description,
  icon,
  template: { type: 'node', node },
});

/** Every palette entry, in the order shown: triggers (by event category), conditions, actions (by category), flow, note. Pure. */
export function paletteItems(): PaletteItem[] {
  const catalog = getCatalog();
  const items: PaletteItem[] = catalog.events.map((e) => ({
    key: `trigger:${e.type}`,
    group: 'triggers',
    category: e.categoryLabel,
    label: e.label,
    description: e.description,
    icon: 'bolt',
    template: { type: 'node', node: { kind: 'trigger', event: e.type } },
  }));
  items.push({
    key: 'trigger:cron',
    group: 'triggers',
    category: { fr: 'Calendrier', en: 'Schedule' },
    label: { fr: 'Calendrier', en: 'Schedule' },
    description: {
      fr: 'Démarre le workflow à heures fixes (heure de Paris), par exemple chaque jour ouvré à 8 h.',
      en: 'Starts the workflow at set times (Paris time), e.g. every working day at 8 am.',
    },
    icon: 'clock',
    template: { type: 'node', node: { kind: 'trigger', cron: { expression: '0 8 * * 1-5' } } },
  });
  items.push(
    {
      key: 'condition:condition',
      group: 'conditions',
      label: { fr: 'Condition (Oui / Non)', en: 'Condition (Yes / No)' },
      description: kind('condition').description,
      icon: 'diamond',
      template: { type: 'node', node: { kind: 'condition', logic: EMPTY_CONDITION } },
    },
    {
      key: 'condition:switch',
      group: 'conditions',
      label: kind('switch').label,
      description: kind('switch').description,
      icon: 'switch',
      template: {
        type: 'node',
        node: { kind: 'switch', cases: [{ port: 'cas-1', label: 'Cas 1', logic: EMPTY_CONDITION }] },
      },
    },
  );
  for (const a of catalog.actions) {
    if (a.nodeKind) continue;
    const params = requiredDefaults(a.paramsSchema);
    items.push({
      key: `action:${a.name}`,
      group: 'actions',
      category: a.categoryLabel,
      label: a.label,
      description: a.description,
      icon: categoryIcon(a.category),
      ...(a.autonomy ? { autonomy: a.autonomy } : {}),
      template: { type: 'node', node: { kind: 'action', action: a.name, params } },
    });
  }
  items.push(
    flowItem('wait', 'clock', { kind: 'wait', for: 'P1D', calendar: 'calendar-days' }),
    flowItem('parallel', 'parallel', { kind: 'parallel' }),
    flowItem('join', 'join', { kind: 'join', mode: 'all' }),
    flowItem('loop', 'loop', { kind: 'loop', items: { var: '' }, maxIterations: 100 }),
    flowItem('subflow', 'subflow', { kind: 'subflow', workflowId: '', wait: true }),
    flowItem('end', 'flag', { kind: 'end', status: 'succeeded' }),
    {
      key: 'note',
      group: 'notes',
      label: { fr: 'Note', en: 'Sticky note' },
      description: { fr: 'Un commentaire libre sur le plan de travail.', en: 'A free comment on the canvas.' },
      icon: 'note',
      template: { type: 'note' },
    },
  );
  return items;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Entries whose name or description (in either language) contains every word of `query`. Pure. */
export function searchPalette(items: readonly PaletteItem[], query: string, lang: Lang): PaletteItem[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return [...items];
  return items.filter((item) => {
    const other = lang === 'fr' ? 'en' : 'fr';
    const text = fold(
      [item.label[lang], item.label[other], item.description[lang], item.category?.[lang] ?? ''].join(' '),
    );
    return words.every((w) => text.includes(w));
  });
}

/** The node or note an entry creates at a position, with a fresh id. Pure. */
export function instantiate(
  item: PaletteItem,
  doc: Doc,
  position: XY,
): { type: 'node'; node: DocNode } | { type: 'note'; note: DocNote } {
  const at = { x: Math.round(position.x), y: Math.round(position.y) };
  if (item.template.type === 'note') {
    const id = freshNoteId(new Set((doc.annotations ?? []).map((a) => a.id)));
    return { type: 'note', note: { id, text: '', position: at, color: 'yellow', width: 220, height: 140 } };
  }
  const base = item.template.node;
  const id = freshId(
    idBase(base.kind, base.kind === 'action' ? base.action : undefined),
    new Set(doc.nodes.map((n) => n.id)),
  );
  return { type: 'node', node: { ...structuredClone(base), id, position: at } as DocNode };
}
