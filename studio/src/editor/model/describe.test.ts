import { describe, expect, it } from 'vitest';
import { describeLogic, fieldInfo, nodeSummary, nodeTitle } from './describe.ts';
import type { Doc } from './document.ts';

const doc: Doc = {
  schemaVersion: 1,
  name: 'Résumé',
  nodes: [
    { id: 'mail', kind: 'trigger', event: 'email:received' },
    { id: 'extract', kind: 'action', action: 'extract_data', params: { text: '{{payload.text}}' } },
    { id: 'wait', kind: 'wait', for: 'P2D', calendar: 'working-days' },
  ],
  edges: [],
};

describe('what nodes say about themselves', () => {
  it('names fields by their titles', () => {
    expect(fieldInfo(doc, 'payload.subject').label.fr).toBe('Objet');
    expect(fieldInfo(doc, 'nodes.extract.output.procedureType').label.fr).toBe(
      'Type de procédure (Extraire des données)',
    );
    expect(fieldInfo(doc, 'payload.nope').label.fr).toBe('payload.nope');
  });

  it('says a condition in words, with the labels of the values', () => {
    const logic = {
      or: [
        { '===': [{ var: 'nodes.extract.output.procedureType' }, 'ASILE'] },
        { contains: [{ var: 'payload.subject' }, 'urgent'] },
      ],
    };
    expect(describeLogic(doc, logic, 'fr')).toBe(
      'Type de procédure (Extraire des données) est égal à Asile (OFPRA / CNDA) ou Objet contient urgent',
    );
    expect(describeLogic(doc, { '+': [1, 2] }, 'en')).toBe('Advanced rule (JSON)');
  });

  it('summarises triggers, actions and waits', () => {
    const [mail, extract, wait] = doc.nodes as [Doc['nodes'][0], Doc['nodes'][0], Doc['nodes'][0]];
    expect(nodeSummary(doc, mail, 'fr')).toBe('E-mail reçu');
    expect(nodeTitle(extract).fr).toBe('Extraire des données');
    expect(nodeSummary(doc, extract, 'fr')).toBe('{{payload.text}}');
    expect(nodeSummary(doc, wait, 'fr')).toBe('2 jours ouvrés');
    expect(nodeSummary(doc, wait, 'en')).toBe('2 days (working days)');
  });
});
