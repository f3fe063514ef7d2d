import { lazy, Suspense, useEffect, useState } from 'react';
import { api } from './api/client.ts';
import { prefetchEditorData } from './editor/editor-data.ts';
import { type Lang, LangProvider, t } from './i18n/lang.tsx';
import { LiveProvider } from './live/live-context.tsx';
import { LiveIndicator } from './live/live-indicator.tsx';
import { LiveNotifications } from './live/live-notifications.tsx';
import { navigate, parseRoute, useRoute } from './router.ts';
import { LoginScreen } from './screens/login-screen.tsx';
import { MainNav } from './screens/main-nav.tsx';
import { NotFoundScreen } from './screens/not-found-screen.tsx';
import { WorkflowListScreen } from './screens/workflow-list-screen.tsx';
import type { User } from './session.ts';

// The editor (React Flow, the precompiled validators) loads only when a workflow is opened. Opened from its
// address, its code and its data are fetched at once, in parallel with the session check.
const loadEditor = () => import('./editor/editor-screen.tsx');
const EditorScreen = lazy(() => loadEditor().then((m) => ({ default: m.EditorScreen })));
const opening = parseRoute(window.location.pathname);
if (opening.name === 'editor') {
  void loadEditor();
  prefetchEditorData(opening.workflowId);
}

const RunsScreen = lazy(() => import('./runs/runs-screen.tsx').then((m) => ({ default: m.RunsScreen })));
const RunDetailScreen = lazy(() =>
  import('./runs/run-detail-screen.tsx').then((m) => ({ default: m.RunDetailScreen })),
);
const SettingsScreen = lazy(() =>
  import('./settings/settings-screen.tsx').then((m) => ({ default: m.SettingsScreen })),
);
const DashboardScreen = lazy(() =>
  import('./dashboard/dashboard-screen.tsx').then((m) => ({ default: m.DashboardScreen })),
);
const PresetGalleryScreen = lazy(() =>
  import('./presets/preset-gallery-screen.tsx').then((m) => ({ default: m.PresetGalleryScreen })),
);
const PresetScreen = lazy(() => import('./presets/preset-screen.tsx').then((m) => ({ default: m.PresetScreen })));
const CasesScreen = lazy(() => import('./cases/cases-screen.tsx').then((m) => ({ default: m.CasesScreen })));
const CaseScreen = lazy(() => import('./cases/case-screen.tsx').then((m) => ({ default: m.CaseScreen })));
const InboxScreen = lazy(() => import('./inbox/inbox-screen.tsx').then((m) => ({ default: m.InboxScreen })));

interface Health {
  status: string;
  database: { status: 'up' | 'down'; kind: string };
}

/** The studio shell: sign-in, then the screen of the address. */
export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('iapm.lang') === 'en' ? 'en' : 'fr'));
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [health, setHealth] = useState<Health | undefined>();
  const route = useRoute();

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('iapm.lang', lang);
  }, [lang]);
  useEffect(() => {
    api<{ user: User }>('/api/auth/me').then(
      (r) => setUser(r.user),
      () => setUser(null),
    );
    api<Health>('/api/health').then(setHealth, () =>
      setHealth({ status: 'degraded', database: { status: 'down', kind: '?' } }),
    );
  }, []);

  return (
    <LangProvider lang={lang}>
      <LiveProvider enabled={!!user}>
        <div className="shell">
          <header className="topbar">
            <h1>
              <a
                href="/workflows"
                onClick={(e) => {
                  e.preventDefault();
                  void navigate('/workflows');
                }}
              >
                IA Poste Manager <span>— {t(lang, 'appTitle')}</span>
              </a>
            </h1>
            <div className="topbar-actions">
              {user && <LiveIndicator />}
              {health && (
                <span className={`pill ${health.database.status}`} data-testid="db-status">
                  {t(lang, 'database')} : {t(lang, health.database.status === 'up' ? 'up' : 'down')}
                </span>
              )}
              <button
                type="button"
                lang={lang === 'fr' ? 'en' : 'fr'}
                aria-label={t(lang, 'switchLanguageLabel')}
                data-testid="switch-language"
                onClick={() => setLang(lang === 'fr' ? 'en' : 'fr')}
              >
                {t(lang, 'switchLanguage')}
              </button>
              {user && (
                <button
                  type="button"
                  onClick={() => api('/api/auth/logout', { method: 'POST' }).then(() => setUser(null))}
                >
                  {t(lang, 'signOut')}
                </button>
              )}
            </div>
          </header>
          {user && <MainNav lang={lang} route={route.name} />}
          <main className={route.name === 'editor' && user ? 'main-editor' : undefined}>
            {user === undefined && <p>{t(lang, 'loading')}</p>}
            {user === null && <LoginScreen onLogin={setUser} />}
            {user && (
              <Suspense fallback={<p className="page">{t(lang, 'loading')}</p>}>
                {route.name === 'workflows' && <WorkflowListScreen />}
                {route.name === 'not-found' && <NotFoundScreen />}
                {route.name === 'editor' && <EditorScreen key={route.workflowId} workflowId={route.workflowId} />}
                {route.name === 'runs' && <RunsScreen />}
                {route.name === 'run' && <RunDetailScreen key={route.runId} runId={route.runId} />}
                {route.name === 'inbox' && <InboxScreen />}
                {route.name === 'settings' && <SettingsScreen />}
                {route.name === 'dashboard' && <DashboardScreen />}
                {route.name === 'presets' && <PresetGalleryScreen />}
                {route.name === 'preset' && <PresetScreen key={route.presetId} presetId={route.presetId} />}
                {route.name === 'cases' && <CasesScreen />}
                {route.name === 'case' && <CaseScreen key={route.workspaceId} workspaceId={route.workspaceId} />}
              </Suspense>
            )}
          </main>
          {user && <LiveNotifications />}
        </div>
      </LiveProvider>
    </LangProvider>
  );
}
