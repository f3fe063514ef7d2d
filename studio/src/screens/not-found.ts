/** Sections of the studio a mistyped or older address most likely meant (first path segment → path). */
const MEANT: Record<string, string> = {
  inbox: '/validations',
  validation: '/validations',
  validations: '/validations',
  approvals: '/validations',
  cases: '/dossiers',
  case: '/dossiers',
  dossier: '/dossiers',
  dossiers: '/dossiers',
  workspaces: '/dossiers',
  workflow: '/workflows',
  workflows: '/workflows',
  editor: '/workflows',
  run: '/runs',
  runs: '/runs',
  executions: '/runs',
  preset: '/presets',
  presets: '/presets',
  modeles: '/presets',
  templates: '/presets',
  home: '/dashboard',
  dashboard: '/dashboard',
  'tableau-de-bord': '/dashboard',
  settings: '/settings',
  parametres: '/settings',
};

/**
 * The section an unknown address probably meant, or undefined. Pure.
 * @example meantPath('/inbox') // '/validations'
 */
export function meantPath(pathname: string): string | undefined {
  const first = pathname.split('/').find((part) => part !== '') ?? '';
  const key = first
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  return Object.hasOwn(MEANT, key) ? MEANT[key] : undefined;
}
