import { describe, expect, it } from 'vitest';
import type { Doc } from '../model/document.ts';
import { compareDocuments } from './compare.ts';

/*
 * v1:    mail ──► notify ──► end
 * draft: mail ──► notify* ──► wait (new)      end removed, mail moved
 */
const v1: Doc = {
  schemaVersion: 1,
  name: 'v1',
  nodes: [
    { id: 'mail', kind: 'trigger', event: 'email:received', position: { x: 0, y: 0 } },
    { id: 'notify', kind: 'action', action: 'send_notification', params: { title: 'A' }, position: { x: 0, y: 100 } },
    { id: 'end', kind: 'end', position: { x: 0, y: 200 } },
  ],
  edges: [
    { id: 'e1', source: 'mail', target: 'notify' },
    { id: 'e2', source: 'notify', target: 'end' },
  ],
};
const draft: Doc = {
  ...v1,
  nodes: [
    { id: 'mail', kind: 'trigger', event: 'email:received', position: { x: 50, y: 0 } },
    { id: 'notify', kind: 'action', action: 'send_notification', params: { title: 'B' }, position: { x: 0, y: 100 } },
    { id: 'wait', kind: 'wait', for: 'P1D' },
  ],
  edges: [
    { id: 'e1', source: 'mail', target: 'notify' },
    { id: 'e3', source: 'notify', target: 'wait' },
  ],
};

describe('comparing versions on the canvas', () => {
  it('marks what was added, removed, changed and moved', () => {
    const c = compareDocuments(v1, draft);
    expect(Object.fromEntries(c.marks)).toEqual({
      mail: 'moved',
      notify: 'changed',
      wait: 'added',
      end: 'removed',
      e3: 'added',
      e2: 'removed',
    });
    expect(c.counts).toEqual({ added: 1, removed: 1, changed: 1, moved: 1 });
    // Removed elements are still drawn, where they were.
    expect(c.doc.nodes.map((n) => n.id)).toEqual(['mail', 'notify', 'wait', 'end']);
    expect(c.doc.edges.map((e) => e.id)).toEqual(['e1', 'e3', 'e2']);
  });

  it('finds nothing between equal documents', () => {
    expect(compareDocuments(v1, structuredClone(v1)).marks.size).toBe(0);
  });
});
