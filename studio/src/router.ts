import { useSyncExternalStore } from 'react';

/** The screens of the studio, by address. */
export type Route =
  | { name: 'workflows' }
  | { name: 'editor'; workflowId: string }
  | { name: 'runs' }
  | { name: 'run'; runId: string }
  | { name: 'inbox' }
  | { name: 'settings' }
  | { name: 'dashboard' }
  | { name: 'presets' }
  | { name: 'preset'; presetId: string }
  | { name: 'cases' }
  | { name: 'case'; workspaceId: string }
  | { name: 'not-found' };

/** The route of an address path. Pure. */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/workflows' || pathname === '/workflows/') return { name: 'workflows' };
  const editor = /^\/workflows\/([0-9a-f]{24})\/?$/.exec(pathname);
  if (editor?.[1]) return { name: 'editor', workflowId: editor[1] };
  if (pathname === '/runs' || pathname === '/runs/') return { name: 'runs' };
  const run = /^\/runs\/([0-9a-f]{24})\/?$/.exec(pathname);
  if (run?.[1]) return { name: 'run', runId: run[1] };
  if (pathname === '/validations' || pathname === '/validations/') return { name: 'inbox' };
  if (pathname === '/settings' || pathname === '/settings/') return { name: 'settings' };
  if (pathname === '/dashboard' || pathname === '/dashboard/') return { name: 'dashboard' };
  if (pathname === '/presets' || pathname === '/presets/') return { name: 'presets' };
  const preset = /^\/presets\/([a-z][a-z0-9-]{1,63})\/?$/.exec(pathname);
  if (preset?.[1]) return { name: 'preset', presetId: preset[1] };
  if (pathname === '/dossiers' || pathname === '/dossiers/') return { name: 'cases' };
  const workspace = /^\/dossiers\/([0-9a-f]{24})\/?$/.exec(pathname);
  if (workspace?.[1]) return { name: 'case', workspaceId: workspace[1] };
  return { name: 'not-found' };
}

/** The address path of a route. Pure. */
export function routePath(route: Route): string {
  switch (route.name) {
    case 'editor':
      return `/workflows/${route.workflowId}`;
    case 'runs':
      return '/runs';
    case 'run':
      return `/runs/${route.runId}`;
    case 'inbox':
      return '/validations';
    case 'settings':
      return '/settings';
    case 'dashboard':
      return '/dashboard';
    case 'presets':
      return '/presets';
    case 'preset':
      return `/presets/${route.presetId}`;
    case 'cases':
      return '/dossiers';
    case 'case':
      return `/dossiers/${route.workspaceId}`;
    default:
      return '/workflows';
  }
}

/** Asked before leaving the current screen; resolves false to stay. */
export type NavigationGuard = () => Promise<boolean>;

const listeners = new Set<() => void>();
let guard: NavigationGuard | undefined;

const notify = () => {
  for (const l of listeners) l();
};
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

/** Installs the guard of the current screen (one at a time); returns its removal. */
export function setNavigationGuard(next: NavigationGuard): () => void {
  guard = next;
  return () => {
    if (guard === next) guard = undefined;
  };
}

/** Goes to a path inside the studio, once the current screen's guard agrees. */
export async function navigate(path: string): Promise<void> {
  if (path === window.location.pathname) return;
  if (guard && !(await guard())) return;
  window.history.pushState(null, '', path);
  notify();
}

/** The current route, re-rendering on navigation. */
export function useRoute(): Route {
  const path = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => window.location.pathname,
  );
  return parseRoute(path);
}
