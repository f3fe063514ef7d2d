/** Errors shown to people: the words, the technical detail behind a toggle. */
export const ERROR_STRINGS = {
  errorDetails: { fr: 'Détails', en: 'Details' },
  errorCode: { fr: 'Code', en: 'Code' },
  errorPointer: { fr: 'Paramètre en cause', en: 'Parameter at fault' },
  errorMessage: { fr: 'Message enregistré', en: 'Recorded message' },
};

/** The screen of an unknown address. */
export const NOT_FOUND_STRINGS = {
  notFoundTitle: { fr: 'Page introuvable', en: 'Page not found' },
  notFoundText: {
    fr: 'Aucune page du studio ne se trouve à l’adresse {path}.',
    en: 'No page of the studio is at {path}.',
  },
  notFoundMeant: { fr: 'Vous cherchiez peut-être :', en: 'You may be looking for:' },
  notFoundSections: { fr: 'Les rubriques du studio', en: 'The studio’s sections' },
};

/** The case a validation request is about, on its inbox card. */
export const INBOX_CASE_STRINGS = {
  caseOfRequest: { fr: 'Dossier :', en: 'Case:' },
  caseUnknown: { fr: 'ouvrir le dossier', en: 'open the case' },
  clientOfCase: { fr: 'client : {name}', en: 'client: {name}' },
};

/** Lists of objects in generated forms (« Personnes », « Membres »). */
export const OBJECT_LIST_STRINGS = {
  noItems: { fr: 'Aucun élément pour l’instant.', en: 'No item yet.' },
  itemNumber: { fr: '{label} n° {n}', en: '{label} #{n}' },
  removeItemNumber: { fr: 'Retirer {label} n° {n}', en: 'Remove {label} #{n}' },
  addItemTo: { fr: 'Ajouter à « {label} »', en: 'Add to "{label}"' },
};
