import { describe, expect, it } from 'vitest';
import type { Doc } from './document.ts';
import { enumOptions, fieldsFor, upstreamIds } from './fields.ts';

/*
 *   mail ──► extract ──► check ──► deadline
 *                          └──────► end
 */
const doc: Doc = {
  schemaVersion: 1,
  name: 'Champs',
  nodes: [
    { id: 'mail', kind: 'trigger', event: 'email:received' },
    { id: 'extract', kind: 'action', action: 'extract_data', params: { text: '{{payload.text}}' } },
    { id: 'check', kind: 'condition', logic: {} },
    { id: 'deadline', kind: 'action', action: 'create_deadline' },
    { id: 'end', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'mail', target: 'extract' },
    { id: 'e2', source: 'extract', target: 'check' },
    { id: 'e3', source: 'check', target: 'deadline', port: 'true' },
    { id: 'e4', source: 'check', target: 'end', port: 'false' },
  ],
};
const title = (n: { id: string }) => ({ fr: n.id, en: n.id });

describe('fields a node can read', () => {
  it('finds the nodes upstream, nearest first', () => {
    expect(upstreamIds(doc, 'deadline')).toEqual(['check', 'extract', 'mail']);
    expect(upstreamIds(doc, 'mail')).toEqual([]);
  });

  it('offers the trigger event fields and the outputs upstream', () => {
    const fields = fieldsFor(doc, 'check', title);
    const paths = fields.map((f) => f.path);
    expect(paths).toContain('payload.subject');
    expect(paths).toContain('payload.from');
    expect(paths).toContain('nodes.extract.output.procedureType');
    expect(paths).not.toContain('nodes.deadline.output.dueAt');
    const procedure = fields.find((f) => f.path === 'nodes.extract.output.procedureType');
    expect(procedure?.label.fr).toBe('Type de procédure');
    expect(enumOptions(procedure?.schema)?.find((o) => o.value === 'OQTF')?.label.fr).toBe('OQTF');
    const subject = fields.find((f) => f.path === 'payload.subject');
    expect(subject?.label).toEqual({ fr: 'Objet', en: 'Subject' });
  });

  it('gives a trigger only its event', () => {
    expect(fieldsFor(doc, 'mail', title).every((f) => f.path.startsWith('payload.'))).toBe(true);
  });
});
