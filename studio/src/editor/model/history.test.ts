import { describe, expect, it } from 'vitest';
import type { Doc } from './document.ts';
import { COALESCE_MS, initialState } from './history.ts';
import { addNode, updateNode } from './ops.ts';
import { createEditorStore } from './store.ts';

const empty: Doc = { schemaVersion: 1, name: 'Historique', nodes: [], edges: [] };

describe('undo and redo', () => {
  it('undoes and redoes each change', () => {
    const store = createEditorStore(empty, () => 0);
    store.change((d) => addNode(d, { id: 'trigger', kind: 'trigger', event: 'email:received' }));
    store.change((d) => addNode(d, { id: 'end', kind: 'end' }));
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['trigger', 'end']);
    store.undo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['trigger']);
    store.undo();
    expect(store.getState().doc).toBe(empty);
    store.undo();
    expect(store.getState().doc).toBe(empty);
    store.redo();
    store.redo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['trigger', 'end']);
  });

  it('a new change empties the redo stack', () => {
    const store = createEditorStore(empty, () => 0);
    store.change((d) => addNode(d, { id: 'a', kind: 'end' }));
    store.undo();
    store.change((d) => addNode(d, { id: 'b', kind: 'end' }));
    store.redo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['b']);
  });

  it('typing in one field is one undo step, but not after a pause', () => {
    let clock = 0;
    const store = createEditorStore(empty, () => clock);
    store.change((d) => addNode(d, { id: 'end', kind: 'end' }));
    for (const label of ['F', 'Fi', 'Fin']) {
      clock += 100;
      store.change((d) => updateNode(d, 'end', (n) => ({ ...n, label })), { coalesce: 'end/label' });
    }
    clock += COALESCE_MS + 1;
    store.change((d) => updateNode(d, 'end', (n) => ({ ...n, label: 'Fin du run' })), { coalesce: 'end/label' });
    store.undo();
    expect(store.getState().doc.nodes[0]?.label).toBe('Fin');
    store.undo();
    expect(store.getState().doc.nodes[0]?.label).toBeUndefined();
  });

  it('a drag is one undo step written when it ends', () => {
    const store = createEditorStore(
      { ...empty, nodes: [{ id: 'end', kind: 'end', position: { x: 0, y: 0 } }] },
      () => 0,
    );
    store.dragTo({ end: { x: 10, y: 10 } }, {});
    store.dragTo({ end: { x: 20.4, y: 30.6 } }, {});
    expect(store.getState().doc.nodes[0]?.position).toEqual({ x: 0, y: 0 });
    store.endDrag();
    expect(store.getState().doc.nodes[0]?.position).toEqual({ x: 20, y: 31 });
    expect(store.getState().drag).toBeNull();
    store.undo();
    expect(store.getState().doc.nodes[0]?.position).toEqual({ x: 0, y: 0 });
  });

  it('drops selected ids that an undo removed', () => {
    const store = createEditorStore(empty, () => 0);
    store.change((d) => addNode(d, { id: 'end', kind: 'end' }), {
      select: { nodes: ['end'], edges: [], notes: [] },
    });
    expect(store.getState().selection.nodes).toEqual(['end']);
    store.undo();
    expect(store.getState().selection.nodes).toEqual([]);
  });

  it('starts with empty stacks', () => {
    const state = initialState(empty);
    expect(state.past).toEqual([]);
    expect(state.future).toEqual([]);
  });
});
