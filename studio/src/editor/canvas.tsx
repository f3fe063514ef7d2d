import type { AutonomyPolicy } from '@iapm/schemas';
import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, useCallback, useMemo, useRef, useState } from 'react';
import { useLang, useT } from '../i18n/lang.tsx';
import {
  type DiffMark,
  type FlowCache,
  isNoteFlowId,
  noteIdOf,
  type StudioFlowNode,
  summarize,
  toFlowEdges,
  toFlowNodes,
} from './flow/to-flow.ts';
import type { Doc, XY } from './model/document.ts';
import type { Selection } from './model/history.ts';
import { connect, reconnect, removeElements } from './model/ops.ts';
import { type EditorStore, useEditor } from './model/store.ts';
import { nodeTypes } from './nodes/index.ts';
import { PALETTE_MIME, paletteItem } from './palette/palette.tsx';
import type { PaletteItem } from './palette/palette-items.ts';
import type { RunMarks } from './testrun/run-marks.ts';
import type { IssueIndex } from './validation/validate-document.ts';

/** From this many nodes, only those in view are drawn and the view opens on the start of the workflow. */
const LARGE_WORKFLOW = 100;
const OPENING_NODES = 30;
/** Below this zoom the canvas switches to its light drawing. */
const FAR_ZOOM = 0.5;

export interface CanvasProps {
  store: EditorStore;
  issues: IssueIndex;
  policy?: AutonomyPolicy;
  /** Nodes and edges coloured by a comparison with another version (the canvas is then read-only). */
  marks?: ReadonlyMap<string, DiffMark>;
  /** The document shown instead of the store's (a comparison). */
  shownDoc?: Doc;
  readOnly?: boolean;
  /** A test run painted on the canvas. */
  run?: RunMarks;
  onDropItem: (item: PaletteItem, position: XY) => void;
  measured: Map<string, { width: number; height: number }>;
}

const miniMapColour = (node: StudioFlowNode) => {
  if (node.type === 'note') return '#f5e08a';
  const autonomy = 'autonomy' in node.data ? node.data.autonomy : undefined;
  return autonomy === 'RED'
    ? '#c62828'
    : autonomy === 'ORANGE'
      ? '#ef6c00'
      : autonomy === 'GREEN'
        ? '#2e7d32'
        : '#5b6b82';
};

/** The React Flow canvas of the editor, controlled by the editor's store. */
export function Canvas({
  store,
  issues,
  policy,
  marks,
  shownDoc,
  readOnly = false,
  run,
  onDropItem,
  measured,
}: CanvasProps) {
  const lang = useLang();
  const t = useT();
  const rf = useReactFlow();
  const storeDoc = useEditor(store, (s) => s.doc);
  const doc = shownDoc ?? storeDoc;
  const selection = useEditor(store, (s) => s.selection);
  const drag = useEditor(store, (s) => s.drag);
  const [sizes, setSizes] = useState(measured);
  // Zoomed far out, blocks are drawn lighter (no shadows, no small text): cheaper to paint, unreadable anyway.
  const [far, setFar] = useState(false);
  const onMove = useCallback((_: unknown, viewport: { zoom: number }) => {
    const next = viewport.zoom < FAR_ZOOM;
    setFar((was) => (was === next ? was : next));
  }, []);
  const cache = useRef<FlowCache>(new Map());
  // Fit the view when a workflow opens with nodes; an empty canvas keeps its scale so that drops land where aimed.
  const fitOnOpen = useRef(doc.nodes.length > 0).current;
  // A large workflow opens on its start (the trigger and what follows), readable, rather than on a tiny whole:
  // only the nodes in view are drawn, and the rest as the view moves.
  const openingView = useRef(
    doc.nodes.length > LARGE_WORKFLOW
      ? { maxZoom: 1.1, padding: 0.1, nodes: doc.nodes.slice(0, OPENING_NODES).map((n) => ({ id: n.id })) }
      : { maxZoom: 1.1, padding: 0.2 },
  ).current;
  const summaries = useMemo(() => summarize(doc, lang), [doc, lang]);

  const nodes = useMemo(
    () =>
      toFlowNodes(
        {
          doc,
          lang,
          ...(policy ? { policy } : {}),
          issuesByNode: issues.byNode,
          selection,
          drag: shownDoc ? null : drag,
          measured: sizes,
          summaries,
          ...(marks ? { marks } : {}),
          ...(run ? { run } : {}),
          readOnly,
        },
        cache.current,
      ),
    [doc, lang, policy, issues, selection, drag, sizes, summaries, marks, run, readOnly, shownDoc],
  );
  const edges = useMemo(
    () => toFlowEdges(doc, lang, policy, selection, issues.edges, marks, run?.edges),
    [doc, lang, policy, selection, issues, marks, run],
  );

  const selectionFrom = useCallback(
    (nodeChanges: NodeChange<StudioFlowNode>[], edgeChanges: EdgeChange[]): Selection | undefined => {
      const current = store.getState().selection;
      const nodes = new Set(current.nodes);
      const notes = new Set(current.notes);
      const edgeIds = new Set(current.edges);
      let changed = false;
      for (const c of nodeChanges) {
        if (c.type !== 'select') continue;
        changed = true;
        const set = isNoteFlowId(c.id) ? notes : nodes;
        const id = isNoteFlowId(c.id) ? noteIdOf(c.id) : c.id;
        if (c.selected) set.add(id);
        else set.delete(id);
      }
      for (const c of edgeChanges) {
        if (c.type !== 'select') continue;
        changed = true;
        if (c.selected) edgeIds.add(c.id);
        else edgeIds.delete(c.id);
      }
      return changed ? { nodes: [...nodes], edges: [...edgeIds], notes: [...notes] } : undefined;
    },
    [store],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<StudioFlowNode>[]) => {
      const dragged: Record<string, XY> = {};
      const draggedNotes: Record<string, XY> = {};
      let dragEnded = false;
      let resized: Map<string, { width: number; height: number }> | undefined;
      for (const c of changes) {
        if (c.type === 'position') {
          if (c.position)
            (isNoteFlowId(c.id) ? draggedNotes : dragged)[isNoteFlowId(c.id) ? noteIdOf(c.id) : c.id] = c.position;
          if (c.dragging === false) dragEnded = true;
        } else if (c.type === 'dimensions' && c.dimensions) {
          resized ??= new Map(sizes);
          resized.set(c.id, { width: c.dimensions.width, height: c.dimensions.height });
        }
      }
      if (resized) {
        for (const [id, size] of resized) measured.set(id, size);
        setSizes(resized);
      }
      if (!readOnly && (Object.keys(dragged).length || Object.keys(draggedNotes).length))
        store.dragTo(dragged, draggedNotes);
      if (dragEnded) store.endDrag();
      const next = selectionFrom(changes, []);
      if (next) store.select(next);
    },
    [store, sizes, measured, readOnly, selectionFrom],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const next = selectionFrom([], changes);
      if (next) store.select(next);
    },
    [store, selectionFrom],
  );

  const onConnect = useCallback(
    (c: Connection) => store.change((d) => connect(d, c.source, c.sourceHandle ?? '', c.target)),
    [store],
  );
  const onReconnect = useCallback(
    (old: Edge, c: Connection) => store.change((d) => reconnect(d, old.id, c.source, c.sourceHandle ?? '', c.target)),
    [store],
  );
  const onDelete = useCallback(
    ({ nodes: gone, edges: goneEdges }: { nodes: StudioFlowNode[]; edges: Edge[] }) =>
      store.change((d) =>
        removeElements(d, {
          nodes: gone.filter((n) => !isNoteFlowId(n.id)).map((n) => n.id),
          notes: gone.filter((n) => isNoteFlowId(n.id)).map((n) => noteIdOf(n.id)),
          edges: goneEdges.map((e) => e.id),
        }),
      ),
    [store],
  );
  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      if (c.source === c.target || isNoteFlowId(c.source) || isNoteFlowId(c.target)) return false;
      const target = store.getState().doc.nodes.find((n) => n.id === c.target);
      return !!target && target.kind !== 'trigger';
    },
    [store],
  );

  const onDragOver = (e: DragEvent) => {
    if (readOnly || !e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    const item = paletteItem(e.dataTransfer.getData(PALETTE_MIME));
    if (readOnly || !item) return;
    e.preventDefault();
    const at = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    onDropItem(item, { x: at.x - 120, y: at.y - 30 });
  };

  return (
    <section
      className={far ? 'canvas far' : 'canvas'}
      aria-label={t('canvas')}
      onDragOver={onDragOver}
      onDrop={onDrop}
      data-testid="canvas"
    >
      <ReactFlow<StudioFlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onReconnect={readOnly ? undefined : onReconnect}
        onDelete={onDelete}
        onMove={onMove}
        onInit={(instance) => onMove(null, instance.getViewport())}
        isValidConnection={isValidConnection}
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Control', 'Meta']}
        selectionKeyCode="Shift"
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={!readOnly}
        fitView={fitOnOpen}
        fitViewOptions={openingView}
        minZoom={0.1}
        maxZoom={2}
        onlyRenderVisibleElements={nodes.length > LARGE_WORKFLOW}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <MiniMap pannable zoomable nodeColor={miniMapColour} ariaLabel={t('minimap')} />
        <Controls showInteractive={false} />
      </ReactFlow>
      {doc.nodes.length === 0 && (doc.annotations ?? []).length === 0 && (
        <p className="canvas-empty">{t('emptyCanvas')}</p>
      )}
    </section>
  );
}
