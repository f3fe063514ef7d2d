import { type Autonomy, type AutonomyPolicy, type CheckedNode, effectiveAutonomy, type Issue } from '@iapm/schemas';
import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react';
import { type Lang, pick } from '../../i18n/text.ts';
import { nodeSummary, nodeTitle } from '../model/describe.ts';
import type { Doc, DocNode, DocNote, NodeKind, XY } from '../model/document.ts';
import type { EditorState, Selection } from '../model/history.ts';
import { outputPorts, type PortSpec, portLabel, sourceHandleOf } from '../model/ports.ts';
import type { RunMark, RunMarks } from '../testrun/run-marks.ts';

/** How a node or edge differs from the version it is compared with (versions panel). */
export type DiffMark = 'added' | 'removed' | 'changed' | 'moved';

/** What a workflow node component draws. */
export interface WorkflowNodeData extends Record<string, unknown> {
  node: DocNode;
  title: string;
  summary: string;
  issues: readonly Issue[];
  autonomy?: Autonomy;
  ports: readonly PortSpec[];
  lang: Lang;
  mark?: DiffMark;
  /** How the node fared in the test run shown on the canvas. */
  run?: RunMark;
}

/** What a sticky note component draws. */
export interface NoteData extends Record<string, unknown> {
  note: DocNote;
  lang: Lang;
  readOnly: boolean;
}

export type WorkflowFlowNode = FlowNode<WorkflowNodeData, NodeKind>;
export type NoteFlowNode = FlowNode<NoteData, 'note'>;
export type StudioFlowNode = WorkflowFlowNode | NoteFlowNode;

/** Notes share the canvas with nodes: their canvas ids carry a prefix node ids cannot have. */
export const NOTE_PREFIX = 'note:';
export const noteFlowId = (id: string) => `${NOTE_PREFIX}${id}`;
export const isNoteFlowId = (id: string) => id.startsWith(NOTE_PREFIX);
export const noteIdOf = (flowId: string) => flowId.slice(NOTE_PREFIX.length);

export interface FlowInputs {
  doc: Doc;
  lang: Lang;
  policy?: AutonomyPolicy;
  issuesByNode: ReadonlyMap<string, readonly Issue[]>;
  selection: Selection;
  drag: EditorState['drag'];
  measured: ReadonlyMap<string, { width: number; height: number }>;
  /** One-line summaries by node id (`summarize`), computed when the document changes, not on every drag. */
  summaries: ReadonlyMap<string, string>;
  marks?: ReadonlyMap<string, DiffMark>;
  /** A test run painted on the canvas. */
  run?: RunMarks;
  readOnly?: boolean;
}

/** The one-line summary of every node of a document, by id. Pure. */
export function summarize(doc: Doc, lang: Lang): Map<string, string> {
  return new Map(doc.nodes.map((n) => [n.id, nodeSummary(doc, n, lang)]));
}

/** Previous canvas nodes by id with what they were made from; unchanged nodes keep their object. */
export type FlowCache = Map<string, { key: readonly unknown[]; node: StudioFlowNode }>;

const NO_ISSUES: readonly Issue[] = [];

/** Where a node without a stored position is drawn: a grid in document order. Pure. */
export function defaultPosition(index: number): XY {
  return { x: (index % 4) * 280, y: Math.floor(index / 4) * 180 };
}

const sameKey = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

function cached(cache: FlowCache, next: FlowCache, id: string, key: unknown[], make: () => StudioFlowNode) {
  const previous = cache.get(id);
  const node = previous && sameKey(previous.key, key) ? previous.node : make();
  next.set(id, { key, node });
  return node;
}

/**
 * The canvas nodes of a document: one per workflow node (with its title, summary, ports, autonomy and
 * issues) and one per sticky note. A node whose inputs did not change keeps the same object, so that
 * React Flow and React skip it. Fills `cache` anew. Pure apart from the cache.
 */
export function toFlowNodes(inputs: FlowInputs, cache: FlowCache): StudioFlowNode[] {
  const { doc, lang, policy, selection, drag, measured, marks, readOnly = false } = inputs;
  const next: FlowCache = new Map();
  const selectedNodes = new Set(selection.nodes);
  const selectedNotes = new Set(selection.notes);
  const out: StudioFlowNode[] = doc.nodes.map((node, index) => {
    const position = drag?.nodes[node.id] ?? node.position ?? defaultPosition(index);
    const summary = inputs.summaries.get(node.id) ?? '';
    const issues = inputs.issuesByNode.get(node.id) ?? NO_ISSUES;
    const selected = selectedNodes.has(node.id);
    const size = measured.get(node.id);
    const mark = marks?.get(node.id);
    const run = inputs.run?.nodes.get(node.id);
    const key = [node, lang, policy, summary, issues, selected, position.x, position.y, size, mark, run, readOnly];
    return cached(cache, next, node.id, key, () => {
      const data: WorkflowNodeData = {
        node,
        title: pick(nodeTitle(node), lang),
        summary,
        issues,
        ports: outputPorts(node, policy),
        lang,
        ...(node.kind === 'action' ? { autonomy: effectiveAutonomy(node as unknown as CheckedNode, policy) } : {}),
        ...(mark ? { mark } : {}),
        ...(run ? { run } : {}),
      };
      return {
        id: node.id,
        type: node.kind,
        position,
        data,
        selected,
        draggable: !readOnly,
        connectable: !readOnly,
        deletable: !readOnly,
        ...(size ? { measured: size } : {}),
      } as WorkflowFlowNode;
    });
  });
  for (const note of doc.annotations ?? []) {
    const id = noteFlowId(note.id);
    const position = drag?.notes[note.id] ?? note.position;
    const selected = selectedNotes.has(note.id);
    const size = measured.get(id);
    const key = [note, lang, selected, position.x, position.y, size, readOnly];
    out.push(
      cached(cache, next, id, key, () => ({
        id,
        type: 'note',
        position,
        data: { note, lang, readOnly },
        selected,
        draggable: !readOnly,
        connectable: false,
        deletable: !readOnly,
        // Notes stay behind the blocks, even selected (React Flow raises a selected node by 1000).
        zIndex: -2000,
        style: { width: note.width ?? 220, height: note.height ?? 140 },
        ...(size ? { measured: size } : {}),
      })),
    );
  }
  cache.clear();
  for (const [id, entry] of next) cache.set(id, entry);
  return out;
}

/**
 * The canvas edges of a document, leaving from the handle of their port and labelled with it when the
 * source has several ports (« Oui », « Approuvé »…). Edges with an issue get the `has-issue` class. Pure.
 */
export function toFlowEdges(
  doc: Doc,
  lang: Lang,
  policy: AutonomyPolicy | undefined,
  selection: Selection,
  edgeIssues: ReadonlySet<string>,
  marks?: ReadonlyMap<string, DiffMark>,
  taken?: ReadonlySet<string>,
): FlowEdge[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const selected = new Set(selection.edges);
  return doc.edges.map((edge) => {
    const source = byId.get(edge.source);
    const handle = sourceHandleOf(edge, source);
    const several = source ? outputPorts(source, policy).length > 1 : false;
    const label = several ? pick(portLabel(source, handle, policy), lang) : undefined;
    const mark = marks?.get(edge.id);
    const classes = [
      edgeIssues.has(edge.id) ? 'has-issue' : '',
      mark ? `mark-${mark}` : '',
      taken?.has(edge.id) ? 'run-taken' : '',
      `port-${handle || 'any'}`,
    ];
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: handle || null,
      targetHandle: null,
      type: 'smoothstep',
      selected: selected.has(edge.id),
      className: classes.filter(Boolean).join(' '),
      ...(label ? { label, labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 4 } : {}),
    };
  });
}
