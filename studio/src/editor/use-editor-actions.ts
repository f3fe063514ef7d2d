import type { AutonomyPolicy } from '@iapm/schemas';
import { useReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { autoLayout } from './flow/layout.ts';
import { copySelection, pasteClip } from './model/clipboard.ts';
import { loadClip, storeClip } from './model/clipboard-store.ts';
import type { XY } from './model/document.ts';
import { EMPTY_SELECTION } from './model/history.ts';
import { addNode, addNote, moveElements, removeElements } from './model/ops.ts';
import type { EditorStore } from './model/store.ts';
import { instantiate, type PaletteItem } from './palette/palette-items.ts';

const PASTE_STEP = 40;

/** The editor's commands, shared by the toolbar, the palette and the keyboard shortcuts. */
export interface EditorActions {
  add(item: PaletteItem, at?: XY): void;
  copy(): void;
  cut(): void;
  paste(): void;
  duplicate(): void;
  deleteSelection(): void;
  selectAll(): void;
  undo(): void;
  redo(): void;
  layout(): Promise<void>;
  fit(): void;
  focusNode(id: string): void;
}

/** Builds the commands for a store (stable while the store and policy are). */
export function useEditorActions(
  store: EditorStore,
  policy: AutonomyPolicy | undefined,
  measured: ReadonlyMap<string, { width: number; height: number }>,
): EditorActions {
  const rf = useReactFlow();
  return useMemo(() => {
    let pastes = 0;
    const centre = (): XY => {
      const box = document.querySelector('.canvas')?.getBoundingClientRect();
      const p = rf.screenToFlowPosition({
        x: (box?.left ?? 0) + (box?.width ?? 800) / 2,
        y: (box?.top ?? 0) + (box?.height ?? 600) / 2,
      });
      return { x: p.x - 120, y: p.y - 50 };
    };
    const copy = () => {
      const { doc, selection } = store.getState();
      if (!selection.nodes.length && !selection.notes.length) return;
      storeClip(copySelection(doc, selection.nodes, selection.notes));
      pastes = 0;
    };
    const pasteFrom = (clip: ReturnType<typeof loadClip>) => {
      if (!clip || (!clip.nodes.length && !clip.notes.length)) return;
      pastes += 1;
      let result: ReturnType<typeof pasteClip> | undefined;
      store.change((d) => {
        result = pasteClip(d, clip, { x: PASTE_STEP * pastes, y: PASTE_STEP * pastes });
        return result.doc;
      });
      if (result) store.select({ nodes: result.nodeIds, edges: [], notes: result.noteIds });
    };
    const deleteSelection = () => {
      const { selection } = store.getState();
      store.change((d) => removeElements(d, selection), { select: EMPTY_SELECTION });
    };
    return {
      add(item, at) {
        const position = at ?? centre();
        store.change((d) => {
          const made = instantiate(item, d, position);
          return made.type === 'node' ? addNode(d, made.node) : addNote(d, made.note);
        });
        const { doc } = store.getState();
        const last = item.template.type === 'note' ? doc.annotations?.at(-1)?.id : doc.nodes.at(-1)?.id;
        if (last)
          store.select(
            item.template.type === 'note'
              ? { nodes: [], edges: [], notes: [last] }
              : { nodes: [last], edges: [], notes: [] },
          );
      },
      copy,
      cut() {
        copy();
        deleteSelection();
      },
      paste: () => pasteFrom(loadClip()),
      duplicate() {
        const { doc, selection } = store.getState();
        pastes = 0;
        pasteFrom(copySelection(doc, selection.nodes, selection.notes));
      },
      deleteSelection,
      selectAll() {
        const { doc } = store.getState();
        store.select({
          nodes: doc.nodes.map((n) => n.id),
          edges: doc.edges.map((e) => e.id),
          notes: (doc.annotations ?? []).map((a) => a.id),
        });
      },
      undo: () => store.undo(),
      redo: () => store.redo(),
      async layout() {
        const positions = await autoLayout(store.getState().doc, measured, policy);
        store.change((d) => moveElements(d, positions));
        requestAnimationFrame(() => rf.fitView({ padding: 0.2, maxZoom: 1.1, duration: 200 }));
      },
      fit: () => void rf.fitView({ padding: 0.2, maxZoom: 1.1, duration: 200 }),
      focusNode(id) {
        store.select({ nodes: [id], edges: [], notes: [] });
        const node = rf.getNode(id);
        if (node) {
          const w = node.measured?.width ?? 240;
          const h = node.measured?.height ?? 100;
          void rf.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom: 1, duration: 250 });
        }
      },
    };
  }, [store, policy, measured, rf]);
}
