import { describe, expect, it } from 'vitest';
import type { Doc, DocNode } from '../model/document.ts';
import { nodeDifferences } from './conflict-details.ts';

const doc: Doc = {
  schemaVersion: 1,
  name: 'x',
  nodes: [{ id: 'mail', kind: 'trigger', event: 'email:received' }],
  edges: [],
};
const notify = (title: string, extra: Partial<DocNode> = {}): DocNode =>
  ({ id: 'n', kind: 'action', action: 'send_notification', params: { title, message: 'm' }, ...extra }) as DocNode;

describe('what differs in a conflict, in words', () => {
  it('names parameters by their form titles', () => {
    expect(nodeDifferences(doc, notify('A'), notify('B'), 'fr')).toEqual([{ label: 'Titre', mine: 'A', theirs: 'B' }]);
  });

  it('says rules and durations in words', () => {
    const mine = { id: 'c', kind: 'condition', logic: { contains: [{ var: 'payload.subject' }, 'OQTF'] } } as DocNode;
    const theirs = {
      id: 'c',
      kind: 'condition',
      logic: { contains: [{ var: 'payload.subject' }, 'Dublin'] },
    } as DocNode;
    expect(nodeDifferences(doc, mine, theirs, 'fr')).toEqual([
      { label: 'Règle', mine: 'Objet contient OQTF', theirs: 'Objet contient Dublin' },
    ]);
    const wait = (d: string) => ({ id: 'w', kind: 'wait', for: d }) as DocNode;
    expect(nodeDifferences(doc, wait('P2D'), wait('P3D'), 'fr')).toEqual([
      { label: 'Durée', mine: '2 jours', theirs: '3 jours' },
    ]);
  });

  it('says when one side deleted the block', () => {
    expect(nodeDifferences(doc, notify('A', { label: 'Prévenir' }), undefined, 'fr')).toEqual([
      { label: 'Bloc', mine: 'Prévenir', theirs: '(supprimé)' },
    ]);
  });
});
