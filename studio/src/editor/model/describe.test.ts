import { describe, expect, it } from 'vitest';
import { describeLogic, fieldInfo, nodeSummary, nodeTitle, templateInWords } from './describe.ts';
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
      'Le champ « Type de procédure (Extraire des données) » est égal à Asile (OFPRA / CNDA) ou Objet contient urgent',
    );
    // « renseigné » agrees with « le champ », whatever the field's gender; English needs no such care.
    expect(describeLogic(doc, { exists: [{ var: 'nodes.extract.output.notificationDate' }] }, 'fr')).toBe(
      'Le champ « Date de notification (Extraire des données) » est renseigné',
    );
    expect(
      describeLogic(
        doc,
        { and: [{ contains: [{ var: 'payload.subject' }, 'a'] }, { exists: [{ var: 'payload.subject' }] }] },
        'fr',
      ),
    ).toBe('Objet contient a et le champ « Objet » est renseigné');
    expect(describeLogic(doc, { exists: [{ var: 'nodes.extract.output.notificationDate' }] }, 'en')).toBe(
      'Notification date (Extract data) exists',
    );
    expect(describeLogic(doc, { '+': [1, 2] }, 'en')).toBe('Advanced rule (JSON)');
  });

  it('summarises triggers, actions and waits', () => {
    const [mail, extract, wait] = doc.nodes as [Doc['nodes'][0], Doc['nodes'][0], Doc['nodes'][0]];
    expect(nodeSummary(doc, mail, 'fr')).toBe('E-mail reçu');
    expect(nodeTitle(extract).fr).toBe('Extraire des données');
    expect(nodeSummary(doc, extract, 'fr')).toBe('« Texte » de l’événement');
    expect(nodeSummary(doc, wait, 'fr')).toBe('2 jours ouvrés');
    expect(nodeSummary(doc, wait, 'en')).toBe('2 days (working days)');
  });
});

describe('placeholders in words', () => {
  const opened: Doc = {
    schemaVersion: 1,
    name: 'Dossier',
    nodes: [
      { id: 'mail', kind: 'trigger', event: 'email:received' },
      {
        id: 'dossier',
        kind: 'action',
        action: 'create_workspace',
        label: 'Ouvrir le dossier',
        params: { procedureType: 'OQTF' },
      },
      {
        id: 'note',
        kind: 'action',
        action: 'create_note',
        params: { workspaceId: '{{nodes.dossier.output.workspaceId}}', text: 'Reçu : {{payload.subject}}' },
      },
    ],
    edges: [],
  };

  it('names an upstream output by its title and the block that made it, an event field by its title', () => {
    const words = templateInWords(opened, '{{nodes.dossier.output.workspaceId}}', 'fr');
    expect(words).not.toContain('{{');
    expect(words).toMatch(/^« .+ » de « Ouvrir le dossier »$/);
    expect(templateInWords(opened, 'Reçu : {{payload.subject}}', 'fr')).toBe('Reçu : « Objet » de l’événement');
    expect(templateInWords(opened, 'Reçu : {{payload.subject}}', 'en')).toBe('Reçu : the event\'s "Subject"');
    expect(templateInWords(opened, '{{nodes.dossier.status}}', 'fr')).toBe('le résultat de « Ouvrir le dossier »');
  });

  it('keeps what it cannot name as written', () => {
    expect(templateInWords(opened, '{{payload.nope}} et {{nodes.ghost.output.x}}', 'fr')).toBe(
      '{{payload.nope}} et {{nodes.ghost.output.x}}',
    );
  });

  it('shows summaries in words', () => {
    const note = opened.nodes[2] as Doc['nodes'][0];
    expect(nodeSummary(opened, note, 'fr')).not.toContain('{{');
    expect(nodeSummary(opened, note, 'fr')).toContain('Ouvrir le dossier');
  });
});
