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
