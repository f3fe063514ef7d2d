import { useT } from '../i18n/lang.tsx';
import { navigate } from '../router.ts';
import { meantPath } from './not-found.ts';

const SECTIONS = [
  ['/dashboard', 'navDashboard'],
  ['/dossiers', 'navCases'],
  ['/workflows', 'navWorkflows'],
  ['/presets', 'navPresets'],
  ['/runs', 'navRuns'],
  ['/validations', 'navInbox'],
  ['/settings', 'navSettings'],
] as const;

/** « Page introuvable »: the address asked, the section it probably meant, and every section. */
export function NotFoundScreen() {
  const t = useT();
  const pathname = window.location.pathname;
  const meant = meantPath(pathname);
  const meantLabel = SECTIONS.find(([path]) => path === meant)?.[1];
  const go = (path: string) => (e: { preventDefault(): void }) => {
    e.preventDefault();
    void navigate(path);
  };
  return (
    <section className="page not-found" aria-labelledby="not-found-title" data-testid="not-found">
      <h2 id="not-found-title">{t('notFoundTitle')}</h2>
      <p>{t('notFoundText', { path: pathname })}</p>
      {meant && meantLabel && (
        <p data-testid="not-found-meant">
          {t('notFoundMeant')}{' '}
          <a href={meant} onClick={go(meant)}>
            {t(meantLabel)}
          </a>
        </p>
      )}
      <h3>{t('notFoundSections')}</h3>
      <ul>
        {SECTIONS.map(([path, label]) => (
          <li key={path}>
            <a href={path} onClick={go(path)}>
              {t(label)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
