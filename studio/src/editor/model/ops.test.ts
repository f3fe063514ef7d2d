import { describe, expect, it } from 'vitest';
import type { Doc } from './document.ts';
import { connect, nodeIdProblem, removeElements, renameNode } from './ops.ts';

/*
 *   mail ──► extract ──► notify ({{nodes.extract.output.procedureType}})
 */
const doc: Doc = {
  schemaVersion: 1,
  name: 'Opérations',
  nodes: [
    { id: 'mail', kind: 'trigger', event: 'email:received' },
    { id: 'extract', kind: 'action', action: 'extract_data', params: { text: '{{payload.text}}' } },
    {
      id: 'notify',
      kind: 'action',
      action: 'send_notification',
      params: { title: 'Procédure : {{nodes.extract.output.procedureType}}', message: 'x' },
    },
  ],
  edges: [
    { id: 'e1', source: 'mail', target: 'extract' },
    { id: 'e2', source: 'extract', target: 'notify' },
  ],
};

describe('document edits', () => {
  it('renames a node with its edges and the references to it', () => {
    const renamed = renameNode(doc, 'extract', 'lecture');
    expect(renamed.nodes.map((n) => n.id)).toEqual(['mail', 'lecture', 'notify']);
    expect(renamed.edges).toEqual([
      { id: 'e1', source: 'mail', target: 'lecture' },
      { id: 'e2', source: 'lecture', target: 'notify' },
    ]);
    const notify = renamed.nodes[2];
    expect(notify?.kind === 'action' && notify.params?.title).toBe(
      'Procédure : {{nodes.lecture.output.procedureType}}',
    );
  });

  it('refuses ids that are taken or badly formed', () => {
    expect(nodeIdProblem(doc, 'mail', 'extract')).toBe('taken');
    expect(nodeIdProblem(doc, '1abc', 'extract')).toBe('format');
    expect(nodeIdProblem(doc, 'extract', 'extract')).toBeUndefined();
    expect(renameNode(doc, 'extract', 'mail')).toBe(doc);
  });

  it('connects once, never to itself, and removes a node with its edges', () => {
    const joined = connect(doc, 'mail', 'next', 'notify');
    expect(joined.edges.at(-1)).toEqual({ id: 'e3', source: 'mail', target: 'notify', port: 'next' });
    expect(connect(joined, 'mail', 'next', 'notify')).toBe(joined);
    expect(connect(doc, 'mail', 'next', 'mail')).toBe(doc);
    const removed = removeElements(joined, { nodes: ['extract'] });
    expect(removed.edges.map((e) => e.id)).toEqual(['e3']);
  });
});
