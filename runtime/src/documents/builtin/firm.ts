import type { DocumentTemplate } from '../templates.ts';

/** The firm's own letters to its clients. */
export const FIRM_TEMPLATES: readonly DocumentTemplate[] = [
  {
    id: 'accuse-reception-dossier',
    name: 'Accusé de réception du dossier',
    title: 'Accusé de réception — {{workspace.title}}',
    filename: 'accuse-reception-{{client.lastName}}',
    language: 'fr',
    body: [
      '> {{firm.name}}',
      '> Le {{today}}',
      '',
      '> {{client.firstName}} {{client.lastName}}',
      '',
      '# Objet : votre dossier « {{workspace.title}} »',
      '',
      'Madame, Monsieur,',
      '',
      'Nous accusons réception de votre dossier. Il est suivi par notre cabinet ; nous vous tiendrons informé(e) de chaque étape et des pièces qui pourraient manquer.',
      '',
      'Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
      '',
      '> {{firm.name}}',
    ].join('\n'),
  },
];
