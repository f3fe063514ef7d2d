import { describe, expect, it } from 'vitest';
import type { Doc } from '../model/document.ts';
import { indexIssues, validateDocument } from './validate-document.ts';

/*
 *   mail ──► check ─Oui─► end        (« Non » not wired, the condition has no field yet)
 */
const doc: Doc = {
  schemaVersion: 1,
  name: 'Validation',
  nodes: [
    { id: 'mail', kind: 'trigger', event: 'email:received' },
    { id: 'check', kind: 'condition', logic: { '===': [{ var: '' }, ''] } },
    { id: 'end', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'mail', target: 'check' },
    { id: 'e2', source: 'check', target: 'end', port: 'true' },
    { id: 'e3', source: 'check', target: 'ghost', port: 'false' },
  ],
};

describe('validation as you edit', () => {
  it('gives the checker’s issues and the studio’s, by node and by edge', () => {
    const issues = validateDocument(doc);
    const codes = issues.map((i) => i.code);
    expect(codes).toContain('graph.edge-missing-target');
    expect(codes).toContain('studio.condition-incomplete');
    const index = indexIssues(doc, issues);
    expect(index.byNode.get('check')?.map((i) => i.code)).toContain('studio.condition-incomplete');
    expect(index.edges.has('e3')).toBe(true);
    expect(index.errors).toBeGreaterThan(0);
  });

  it('is clean once the condition and the edges are right', () => {
    const fixed: Doc = {
      ...doc,
      nodes: [
        doc.nodes[0] as Doc['nodes'][0],
        { id: 'check', kind: 'condition', logic: { contains: [{ var: 'payload.subject' }, 'OQTF'] } },
        { id: 'end', kind: 'end' },
        { id: 'other', kind: 'end' },
      ],
      edges: [...doc.edges.slice(0, 2), { id: 'e3', source: 'check', target: 'other', port: 'false' }],
    };
    expect(validateDocument(fixed)).toEqual([]);
  });

  it('reuses unchanged issue lists', () => {
    const first = indexIssues(doc, validateDocument(doc));
    const second = indexIssues(doc, validateDocument(doc), first);
    expect(second.byNode.get('check')).toBe(first.byNode.get('check'));
  });
});
