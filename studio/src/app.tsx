import { type FormEvent, useEffect, useState } from 'react';
import { api, type Problem } from './api.ts';
import { type Lang, t } from './i18n.ts';

interface User {
  id: string;
  email: string;
  name: string;
  role: string;
}
interface Health {
  status: string;
  database: { status: 'up' | 'down'; kind: string };
}
interface CatalogSummary {
  events: unknown[];
  actions: unknown[];
  operators: unknown[];
}

/** The studio shell: sign-in, then the firm's home. */
export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('iapm.lang') === 'en' ? 'en' : 'fr'));
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [health, setHealth] = useState<Health | undefined>();

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
    <div className="shell">
      <header className="topbar">
        <h1>
          IA Poste Manager <span>— {t(lang, 'appTitle')}</span>
        </h1>
        <div className="topbar-actions">
          {health && (
            <span className={`pill ${health.database.status}`} data-testid="db-status">
              {t(lang, 'database')} : {t(lang, health.database.status === 'up' ? 'up' : 'down')}
            </span>
          )}
          <button type="button" onClick={() => setLang(lang === 'fr' ? 'en' : 'fr')}>
            {t(lang, 'language')}
          </button>
          {user && (
            <button type="button" onClick={() => api('/api/auth/logout', { method: 'POST' }).then(() => setUser(null))}>
              {t(lang, 'signOut')}
            </button>
          )}
        </div>
      </header>
      <main>
        {user === undefined && <p>{t(lang, 'loading')}</p>}
        {user === null && <Login lang={lang} onLogin={setUser} />}
        {user && <Home lang={lang} user={user} />}
      </main>
    </div>
  );
}

function Login({ lang, onLogin }: { lang: Lang; onLogin: (u: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const r = await api<{ user: User }>('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ email, password }),
      });
      onLogin(r.user);
    } catch (problem) {
      setError((problem as Problem).message?.[lang] ?? String(problem));
    }
  };
  return (
    <form className="card login" onSubmit={submit} aria-labelledby="login-title">
      <h2 id="login-title">{t(lang, 'login')}</h2>
      <label>
        {t(lang, 'email')}
        <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      <label>
        {t(lang, 'password')}
        <input
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit">{t(lang, 'signIn')}</button>
    </form>
  );
}

function Home({ lang, user }: { lang: Lang; user: User }) {
  const [catalog, setCatalog] = useState<CatalogSummary | undefined>();
  useEffect(() => {
    api<CatalogSummary>('/api/catalog').then(setCatalog, () => {});
  }, []);
  return (
    <section className="card">
      <h2>
        {t(lang, 'welcome')}, {user.name}
      </h2>
      {catalog && (
        <p data-testid="catalog-summary">
          {t(lang, 'catalog')} : {catalog.events.length} {t(lang, 'events')}, {catalog.actions.length}{' '}
          {t(lang, 'actions')}, {catalog.operators.length} {t(lang, 'operators')}
        </p>
      )}
    </section>
  );
}
