import type { DocumentTemplate } from './templates.ts';

/**
 * Templates every firm has until it stores its own under the same id. They are starting points (drafts a lawyer
 * reviews), written with the placeholders `generate_document` provides: `client.*`, `workspace.*`, `firm.name`,
 * `today`, and the action's `data` values by their names.
 */
export const BUILTIN_TEMPLATES: readonly DocumentTemplate[] = [
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
  {
    id: 'recours-gracieux-refus-titre',
    name: 'Recours gracieux — refus de titre de séjour',
    title: 'Recours gracieux — refus de titre de séjour',
    filename: 'recours-gracieux-{{client.lastName}}',
    language: 'fr',
    body: [
      '> {{firm.name}}',
      '> Le {{today}}',
      '',
      '> À l’attention de {{prefecture}}',
      '',
      '# Objet : recours gracieux contre la décision du {{dateDecision}}',
      '',
      'Madame la Préfète, Monsieur le Préfet,',
      '',
      'Au nom de {{client.firstName}} {{client.lastName}}, nous sollicitons le retrait de la décision du {{dateDecision}} refusant la délivrance d’un titre de séjour portant la mention « {{motif}} ».',
      '',
      'Les éléments du dossier, joints au présent courrier, justifient un nouvel examen de la situation de l’intéressé(e).',
      '',
      'Nous vous prions d’agréer, Madame la Préfète, Monsieur le Préfet, l’expression de notre haute considération.',
      '',
      '> {{firm.name}}',
    ].join('\n'),
  },
];
