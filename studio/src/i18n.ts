/** The studio's languages: French first, English second. */
export type Lang = 'fr' | 'en';

const STRINGS = {
  appTitle: { fr: 'Studio des workflows', en: 'Workflow studio' },
  login: { fr: 'Connexion', en: 'Sign in' },
  email: { fr: 'Adresse e-mail', en: 'Email address' },
  password: { fr: 'Mot de passe', en: 'Password' },
  signIn: { fr: 'Se connecter', en: 'Sign in' },
  signOut: { fr: 'Se déconnecter', en: 'Sign out' },
  welcome: { fr: 'Bienvenue', en: 'Welcome' },
  database: { fr: 'Base de données', en: 'Database' },
  up: { fr: 'disponible', en: 'up' },
  down: { fr: 'indisponible', en: 'down' },
  events: { fr: 'événements', en: 'events' },
  actions: { fr: 'actions', en: 'actions' },
  operators: { fr: 'opérateurs', en: 'operators' },
  catalog: { fr: 'Catalogue', en: 'Catalog' },
  language: { fr: 'English', en: 'Français' },
  loading: { fr: 'Chargement…', en: 'Loading…' },
} as const;

export type StringKey = keyof typeof STRINGS;

/** The text of a key in a language. */
export function t(lang: Lang, key: StringKey): string {
  return STRINGS[key][lang];
}
