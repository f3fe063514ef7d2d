import { describe, expect, it } from 'vitest';
import { diffWorkflows, objectChanges, sameJson } from './workflow-diff.ts';

/*
 * Version 1:  start ──► is-oqtf ─true─► deadline ──► note
 * Version 2:  start ──► is-oqtf ─true─► deadline ──► draft        (note removed, draft added)
 *                                 └false─► end                      (end added)
 *             deadline: params.notifiedAt changed, params.situation added, params.extra removed
 *             is-oqtf: logic changed; start: only moved
 */
const v1 = {
  schemaVersion: 1,
  name: 'OQTF',
  nodes: [
    { id: 'start', kind: 'trigger', event: 'email:classified', position: { x: 0, y: 0 } },
    { id: 'is-oqtf', kind: 'condition', logic: { '==': [{ var: 'payload.procedureType' }, 'OQTF'] } },
    {
      id: 'deadline',
      kind: 'action',
      action: 'create_deadline',
      params: { procedure: 'OQTF', notifiedAt: '{{payload.date}}', extra: 1 },
    },
    { id: 'note', kind: 'action', action: 'create_note', params: { text: 'x' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'is-oqtf' },
    { id: 'e2', source: 'is-oqtf', target: 'deadline', port: 'true' },
    { id: 'e3', source: 'deadline', target: 'note' },
  ],
};
const v2 = {
  schemaVersion: 1,
  name: 'OQTF sans délai',
  nodes: [
    { id: 'start', kind: 'trigger', event: 'email:classified', position: { x: 40, y: 0 } },
    { id: 'is-oqtf', kind: 'condition', logic: { '===': [{ var: 'payload.procedureType' }, 'OQTF'] } },
    {
      id: 'deadline',
      kind: 'action',
      action: 'create_deadline',
      params: { procedure: 'OQTF', notifiedAt: '{{payload.notificationDate}}', situation: 'sans_delai' },
    },
    { id: 'draft', kind: 'action', action: 'generate_document', params: { template: 'recours-oqtf' } },
    { id: 'end', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'is-oqtf' },
    // Same wiring under a new id: no change.
    { id: 'e2-bis', source: 'is-oqtf', target: 'deadline', port: 'true' },
    { id: 'e3', source: 'deadline', target: 'draft' },
    { id: 'e4', source: 'is-oqtf', target: 'end', port: 'false' },
  ],
};

describe('diffWorkflows', () => {
  it('lists nodes, edges and parameters added, removed and changed', () => {
    // ACT
    const diff = diffWorkflows(v1, v2);
    // ASSERT
    expect(diff.identical).toBe(false);
    expect(diff.fields).toEqual([{ pointer: '/name', before: 'OQTF', after: 'OQTF sans délai' }]);
    expect(diff.nodes.added).toEqual([
      { id: 'draft', kind: 'action', action: 'generate_document' },
      { id: 'end', kind: 'end' },
    ]);
    expect(diff.nodes.removed).toEqual([{ id: 'note', kind: 'action', action: 'create_note' }]);
    expect(diff.nodes.changed).toEqual([
      {
        id: 'is-oqtf',
        kind: 'condition',
        changes: [
          { pointer: '/logic/==', before: [{ var: 'payload.procedureType' }, 'OQTF'] },
          { pointer: '/logic/===', after: [{ var: 'payload.procedureType' }, 'OQTF'] },
        ],
      },
    ]);
    expect(diff.nodes.moved).toEqual(['start']);
    expect(diff.edges.added).toEqual([{ id: 'e4', source: 'is-oqtf', target: 'end', port: 'false' }]);
    expect(diff.edges.removed).toEqual([]);
    expect(diff.edges.changed).toEqual([
      {
        id: 'e3',
        before: { id: 'e3', source: 'deadline', target: 'note' },
        after: { id: 'e3', source: 'deadline', target: 'draft' },
      },
    ]);
    expect(diff.params).toEqual({
      added: [{ nodeId: 'deadline', key: 'situation', after: 'sans_delai' }],
      removed: [{ nodeId: 'deadline', key: 'extra', before: 1 }],
      changed: [
        { nodeId: 'deadline', key: 'notifiedAt', before: '{{payload.date}}', after: '{{payload.notificationDate}}' },
      ],
    });
  });

  it('finds nothing between a document and a reordered copy of it', () => {
    const shuffled = { ...v1, edges: [...v1.edges].reverse(), nodes: [...v1.nodes].reverse() };
    expect(diffWorkflows(v1, shuffled).identical).toBe(true);
  });

  it('reports an edge removed when nothing replaces it', () => {
    const fewer = { ...v1, edges: v1.edges.slice(0, 2) };
    expect(diffWorkflows(v1, fewer).edges.removed).toEqual([{ id: 'e3', source: 'deadline', target: 'note' }]);
  });

  it('copes with incomplete drafts (no nodes or edges yet)', () => {
    const diff = diffWorkflows({ name: 'x' }, v1);
    expect(diff.nodes.added).toHaveLength(4);
    expect(diff.edges.added).toHaveLength(3);
  });
});

describe('sameJson and objectChanges', () => {
  it('ignores key order but not array order', () => {
    expect(sameJson({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameJson({ b: [2, 1] }, { b: [1, 2] })).toBe(false);
    expect(sameJson({ a: undefined }, {})).toBe(true);
  });
  it('escapes keys in pointers', () => {
    expect(objectChanges({ 'a/b': 1 }, { 'a/b': 2 })).toEqual([{ pointer: '/a~1b', before: 1, after: 2 }]);
  });
});
