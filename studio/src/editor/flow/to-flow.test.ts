import type { Issue } from '@iapm/schemas';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../model/document.ts';
import { EMPTY_SELECTION } from '../model/history.ts';
import { type FlowCache, type FlowInputs, noteFlowId, summarize, toFlowEdges, toFlowNodes } from './to-flow.ts';

/*
 *   mail ──► check ─Oui─► gate (RED) ─Approuvé─► end
 *              └──Non──► end
 */
const doc: Doc = {
  schemaVersion: 1,
  name: 'Canevas',
  nodes: [
    { id: 'mail', kind: 'trigger', event: 'email:received', position: { x: 0, y: 0 } },
    {
      id: 'check',
      kind: 'condition',
      logic: { '===': [{ var: 'payload.subject' }, 'OQTF'] },
      position: { x: 0, y: 150 },
    },
    { id: 'gate', kind: 'action', action: 'generate_document', autonomy: 'RED', params: {} },
    { id: 'end', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'mail', target: 'check' },
    { id: 'e2', source: 'check', target: 'gate', port: 'true' },
    { id: 'e3', source: 'check', target: 'end', port: 'false' },
    { id: 'e4', source: 'gate', target: 'end', port: 'approved' },
  ],
  annotations: [{ id: 'n1', text: 'Relire', position: { x: 400, y: 0 } }],
};

const inputs = (over: Partial<FlowInputs> = {}): FlowInputs => ({
  doc,
  lang: 'fr',
  issuesByNode: new Map(),
  selection: EMPTY_SELECTION,
  drag: null,
  measured: new Map(),
  summaries: summarize(doc, 'fr'),
  ...over,
});

describe('document → canvas', () => {
  it('draws each node with its title, summary, ports and autonomy, and the notes', () => {
    const nodes = toFlowNodes(inputs(), new Map());
    expect(nodes.map((n) => n.id)).toEqual(['mail', 'check', 'gate', 'end', noteFlowId('n1')]);
    const check = nodes[1];
    expect(check?.type).toBe('condition');
    expect(check?.data.summary).toBe('Le champ « Objet » est égal à OQTF');
    expect((check?.data.ports as { id: string }[] | undefined)?.map((p) => p.id)).toEqual(['true', 'false']);
    const gate = nodes[2];
    expect(gate?.data.autonomy).toBe('RED');
    expect((gate?.data.ports as { label: { fr: string } }[] | undefined)?.map((p) => p.label.fr)).toEqual([
      'Approuvé',
      'Rejeté',
      'Délai dépassé',
      'Erreur',
    ]);
    // No stored position: placed on the grid.
    expect(gate?.position).toEqual({ x: 560, y: 0 });
  });

  it('keeps unchanged nodes as the same objects', () => {
    const cache: FlowCache = new Map();
    const first = toFlowNodes(inputs(), cache);
    const issues: Issue[] = [
      { pointer: '/nodes/3', nodeId: 'end', code: 'x', message: { fr: '', en: '' }, severity: 'error' },
    ];
    const second = toFlowNodes(inputs({ issuesByNode: new Map([['end', issues]]) }), cache);
    expect(second[0]).toBe(first[0]);
    expect(second[3]).not.toBe(first[3]);
    expect(second[3]?.data.issues).toBe(issues);
  });

  it('shows dragged positions and selection', () => {
    const nodes = toFlowNodes(
      inputs({
        drag: { nodes: { mail: { x: 5, y: 6 } }, notes: {} },
        selection: { nodes: ['check'], edges: [], notes: ['n1'] },
      }),
      new Map(),
    );
    expect(nodes[0]?.position).toEqual({ x: 5, y: 6 });
    expect(nodes[1]?.selected).toBe(true);
    expect(nodes[4]?.selected).toBe(true);
  });

  it('draws edges from the handle of their port, labelled', () => {
    const edges = toFlowEdges(doc, 'fr', undefined, EMPTY_SELECTION, new Set(['e3']));
    expect(edges.map((e) => [e.sourceHandle, e.label])).toEqual([
      ['next', undefined],
      ['true', 'Oui'],
      ['false', 'Non'],
      // `approved` is drawn on the gated action's « Approuvé » handle.
      ['success', 'Approuvé'],
    ]);
    expect(edges[2]?.className).toContain('has-issue');
  });
});
