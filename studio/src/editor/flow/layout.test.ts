import { describe, expect, it } from 'vitest';
import type { Doc } from '../model/document.ts';
import { autoLayout, elkGraph } from './layout.ts';

/*
 *        mail
 *          │
 *        check
 *       Oui  Non
 *      deadline  end
 */
const doc: Doc = {
  schemaVersion: 1,
  name: 'Disposition',
  nodes: [
    { id: 'end', kind: 'end' },
    { id: 'deadline', kind: 'action', action: 'create_deadline' },
    { id: 'check', kind: 'condition', logic: {} },
    { id: 'mail', kind: 'trigger', event: 'email:received' },
  ],
  edges: [
    { id: 'e1', source: 'mail', target: 'check' },
    { id: 'e2', source: 'check', target: 'deadline', port: 'true' },
    { id: 'e3', source: 'check', target: 'end', port: 'false' },
  ],
};

describe('auto-layout', () => {
  it('builds ports in drawn order', () => {
    const graph = elkGraph(doc, new Map());
    const check = graph.children?.find((c) => c.id === 'check');
    expect(check?.ports?.map((p) => p.id)).toEqual(['check::in', 'check::out:true', 'check::out:false']);
    expect(graph.edges?.[1]).toEqual({ id: 'e2', sources: ['check::out:true'], targets: ['deadline::in'] });
  });

  it('places nodes top to bottom, « Oui » left of « Non », without overlaps', async () => {
    const p = await autoLayout(doc, new Map());
    expect(p.mail?.y).toBeLessThan(p.check?.y as number);
    expect(p.check?.y).toBeLessThan(p.deadline?.y as number);
    expect(p.deadline?.x).toBeLessThan(p.end?.x as number);
    expect(Math.abs((p.deadline?.x as number) - (p.end?.x as number))).toBeGreaterThanOrEqual(240);
  });
});
