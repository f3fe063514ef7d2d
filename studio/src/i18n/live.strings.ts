/** Texts of the live connection and of the saved test cases (French first, English second). */
export const LIVE_STRINGS = {
  liveOpen: { fr: 'En direct', en: 'Live' },
  liveConnecting: { fr: 'Connexion…', en: 'Connecting…' },
  liveReconnecting: { fr: 'Reconnexion…', en: 'Reconnecting…' },
  liveOpenHelp: {
    fr: 'Les exécutions, validations et notifications arrivent dès qu’elles changent.',
    en: 'Runs, validations and notifications arrive as soon as they change.',
  },
  liveDownHelp: {
    fr: 'Connexion en direct interrompue : les écrans se rafraîchissent lentement en attendant.',
    en: 'Live connection lost: screens refresh slowly meanwhile.',
  },
  liveNotifications: { fr: 'Notifications', en: 'Notifications' },
  closeNotification: { fr: 'Fermer la notification', en: 'Close the notification' },
} as const;

/** Texts of the saved test cases and of the preset samples in the test panel. */
export const TEST_CASE_STRINGS = {
  testTabTrial: { fr: 'Essai', en: 'Trial' },
  testTabCases: { fr: 'Tests', en: 'Tests' },
  saveAsTestCase: { fr: 'Enregistrer comme cas de test', en: 'Save as a test case' },
  saveTestCase: { fr: 'Enregistrer le cas', en: 'Save the case' },
  testCaseName: { fr: 'Nom du cas', en: 'Case name' },
  expectedStatus: { fr: 'Statut final attendu', en: 'Expected end status' },
  expectSameSteps: {
    fr: 'Exiger aussi les mêmes étapes (dans cet ordre)',
    en: 'Also require the same steps (in this order)',
  },
  testCaseSaved: { fr: 'Cas « {name} » enregistré (onglet Tests).', en: 'Case "{name}" saved (Tests tab).' },
  testCasesTitle: { fr: 'Cas de test', en: 'Test cases' },
  testCasesHelp: {
    fr: 'Rejoue les cas enregistrés sur le brouillon, sans rien écrire. Cliquez un cas rejoué pour voir son chemin.',
    en: 'Replays the saved cases on the draft, writing nothing. Click a replayed case to see its path.',
  },
  noTestCases: {
    fr: 'Aucun cas enregistré : lancez un essai puis « Enregistrer comme cas de test ».',
    en: 'No saved case: run a trial, then "Save as a test case".',
  },
  runAllTestCases: { fr: 'Tout lancer', en: 'Run all' },
  testCasesSummary: { fr: '{passed} réussi(s), {failed} en échec', en: '{passed} passed, {failed} failed' },
  testPassed: { fr: 'Réussi', en: 'Passed' },
  testFailed: { fr: 'Échoué', en: 'Failed' },
  showTestCaseTrace: { fr: 'Voir son chemin sur le graphe', en: 'Show its path on the graph' },
  deleteTestCase: { fr: 'Supprimer le cas « {name} »', en: 'Delete case "{name}"' },
  deleteTestCaseConfirm: { fr: 'Supprimer le cas « {name} » ?', en: 'Delete case "{name}"?' },
  expectedStatusIs: { fr: 'Attendu : {status}', en: 'Expected: {status}' },
  expectedStepsCount: { fr: '{count} étape(s) exigée(s)', en: '{count} required step(s)' },
  fromPreset: { fr: 'Exemple du modèle « {name} »', en: 'Sample of preset "{name}"' },
  presetSamples: { fr: 'Événements d’exemple', en: 'Sample events' },
  presetScenarios: { fr: 'Scénarios', en: 'Scenarios' },
} as const;
