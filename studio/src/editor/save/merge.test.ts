import { describe, expect, it } from 'vitest';
import type { Doc } from '../model/document.ts';
import { mergeDocuments } from './merge.ts';

/*
 * base:   mail ──► notify
 * mine:   mail ──► notify (title changed)      + wait ──► (new node)
 * theirs: mail ──► notify (message changed)    + end (new node)
 */
const base: Doc = {
  schemaVersion: 1,
  name: 'Fusion',
  nodes: [
    { id: 'mail', kind: 'trigger', event: 'email:received', position: { x: 0, y: 0 } },
    {
      id: 'notify',
      kind: 'action',
      action: 'send_notification',
      params: { title: 'Nouveau courrier', message: 'Voir le dossier' },
      position: { x: 0, y: 150 },
    },
  ],
  edges: [{ id: 'e1', source: 'mail', target: 'notify' }],
};

const withParams = (doc: Doc, params: Record<string, unknown>): Doc => ({
  ...doc,
  nodes: doc.nodes.map((n) =>
    n.id === 'notify' && n.kind === 'action' ? { ...n, params: { ...n.params, ...params } } : n,
  ),
});

describe('merging two drafts', () => {
  it('keeps both sides’ changes to different elements', () => {
    // ARRANGE
    const mine: Doc = {
      ...base,
      nodes: [...base.nodes, { id: 'wait', kind: 'wait', for: 'P2D' }],
      edges: [...base.edges, { id: 'e2', source: 'notify', target: 'wait' }],
    };
    const theirs: Doc = { ...base, name: 'Fusion (revu)', nodes: [...base.nodes, { id: 'end', kind: 'end' }] };
    // ACT
    const merged = mergeDocuments(base, mine, theirs);
    // ASSERT
    expect(merged.conflicts).toEqual([]);
    expect(merged.doc.name).toBe('Fusion (revu)');
    expect(merged.doc.nodes.map((n) => n.id)).toEqual(['mail', 'notify', 'end', 'wait']);
    expect(merged.doc.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('asks when both changed the same node, and follows the choice', () => {
    const mine = withParams(base, { title: 'OQTF reçue' });
    const theirs = withParams(base, { message: 'Délai de 30 jours' });
    const merged = mergeDocuments(base, mine, theirs);
    expect(merged.conflicts.map((c) => c.key)).toEqual(['node:notify']);
    const notify = (d: Doc) => d.nodes.find((n) => n.id === 'notify');
    expect(notify(merged.doc)).toEqual(notify(mine));
    const chosen = mergeDocuments(base, mine, theirs, new Map([['node:notify', 'theirs']]));
    expect(notify(chosen.doc)).toEqual(notify(theirs));
  });

  it('does not ask when both only moved a node', () => {
    const move = (doc: Doc, x: number): Doc => ({
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'mail' ? { ...n, position: { x, y: 0 } } : n)),
    });
    const merged = mergeDocuments(base, move(base, 10), move(base, 20));
    expect(merged.conflicts).toEqual([]);
    expect(merged.doc.nodes[0]?.position).toEqual({ x: 10, y: 0 });
  });

  it('keeps two additions made under the same id', () => {
    const mine: Doc = {
      ...base,
      nodes: [...base.nodes, { id: 'end', kind: 'end', status: 'failed' }],
      edges: [...base.edges, { id: 'e2', source: 'notify', target: 'end' }],
    };
    const theirs: Doc = {
      ...base,
      nodes: [...base.nodes, { id: 'end', kind: 'end', status: 'succeeded' }, { id: 'x', kind: 'end' }],
      edges: [...base.edges, { id: 'e2', source: 'notify', target: 'x' }],
    };
    const merged = mergeDocuments(base, mine, theirs);
    expect(merged.conflicts).toEqual([]);
    expect(merged.doc.nodes.map((n) => n.id)).toEqual(['mail', 'notify', 'end', 'x', 'end-2']);
    expect(merged.doc.edges).toEqual([
      { id: 'e1', source: 'mail', target: 'notify' },
      { id: 'e2', source: 'notify', target: 'x' },
      { id: 'e3', source: 'notify', target: 'end-2' },
    ]);
  });

  it('a node deleted on one side and changed on the other is a question', () => {
    const mine = withParams(base, { title: 'OQTF reçue' });
    const theirs: Doc = { ...base, nodes: [base.nodes[0] as Doc['nodes'][0]], edges: [] };
    const merged = mergeDocuments(base, mine, theirs);
    expect(merged.conflicts).toMatchObject([{ key: 'node:notify', theirs: undefined }]);
    const deleted = mergeDocuments(base, mine, theirs, new Map([['node:notify', 'theirs']]));
    expect(deleted.doc.nodes.map((n) => n.id)).toEqual(['mail']);
    expect(deleted.droppedEdges).toEqual([]);
  });

  it('leaves out edges to a node the other side deleted', () => {
    const mine: Doc = {
      ...base,
      nodes: [...base.nodes, { id: 'end', kind: 'end' }],
      edges: [...base.edges, { id: 'e2', source: 'notify', target: 'end' }],
    };
    const theirs: Doc = { ...base, nodes: [base.nodes[0] as Doc['nodes'][0]], edges: [] };
    const merged = mergeDocuments(base, mine, theirs);
    expect(merged.doc.nodes.map((n) => n.id)).toEqual(['mail', 'end']);
    expect(merged.droppedEdges.map((e) => e.id)).toEqual(['e2']);
  });
});
