import { useCallback, useState } from 'react';
import { runsApi } from '../api/runs.ts';
import { type Lang, t } from '../i18n/lang.tsx';
import { useLiveData } from '../live/live-context.tsx';
import { navigate, type Route } from '../router.ts';

/** The studio's sections, with the number of validations waiting for a lawyer. */
export function MainNav({ lang, route }: { lang: Lang; route: Route['name'] }) {
  const [pending, setPending] = useState<number | undefined>();
  const load = useCallback(
    () =>
      runsApi.validations('PENDING').then(
        (r) => setPending(r.pendingCount),
        () => setPending(undefined),
      ),
    [],
  );
  useLiveData(load, (m) => m.type === 'validation.created' || m.type === 'validation.decided');
  const link = (path: string, label: string, current: boolean, testId: string) => (
    <a
      href={path}
      aria-current={current ? 'page' : undefined}
      data-testid={testId}
      onClick={(e) => {
        e.preventDefault();
        void navigate(path);
      }}
    >
      {label}
    </a>
  );
  return (
    <nav className="main-nav" aria-label={t(lang, 'mainNav')}>
      {link('/dashboard', t(lang, 'navDashboard'), route === 'dashboard', 'nav-dashboard')}
      {link('/dossiers', t(lang, 'navCases'), route === 'cases' || route === 'case', 'nav-cases')}
      {link('/workflows', t(lang, 'navWorkflows'), route === 'workflows' || route === 'editor', 'nav-workflows')}
      {link('/presets', t(lang, 'navPresets'), route === 'presets' || route === 'preset', 'nav-presets')}
      {link('/runs', t(lang, 'navRuns'), route === 'runs' || route === 'run', 'nav-runs')}
      {link(
        '/validations',
        pending ? t(lang, 'navInboxCount', { count: pending }) : t(lang, 'navInbox'),
        route === 'inbox',
        'nav-inbox',
      )}
      {link('/settings', t(lang, 'navSettings'), route === 'settings', 'nav-settings')}
    </nav>
  );
}
