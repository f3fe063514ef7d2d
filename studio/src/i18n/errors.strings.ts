/** Errors shown to people: the words, the technical detail behind a toggle. */
export const ERROR_STRINGS = {
  errorDetails: { fr: 'Détails', en: 'Details' },
  errorCode: { fr: 'Code', en: 'Code' },
  errorPointer: { fr: 'Paramètre en cause', en: 'Parameter at fault' },
  errorMessage: { fr: 'Message enregistré', en: 'Recorded message' },
};
