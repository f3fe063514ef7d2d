import { useEffect, useMemo, useState } from 'react';
import { casesApi, type PresetSummary } from '../api/cases.ts';
import { isProblem } from '../api/client.ts';
import { categoryLabel, PRESET_CATEGORIES } from '../cases/labels.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { PresetCard } from './preset-card.tsx';
import './presets.css';

/** The preset gallery (« Modèles »): a card per preset, filtered by category. */
export function PresetGalleryScreen() {
  const t = useT();
  const lang = useLang();
  const [items, setItems] = useState<PresetSummary[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [category, setCategory] = useState('');
  useEffect(() => {
    casesApi.presets().then(setItems, (p) => setError(isProblem(p) ? pick(p.message, lang) : String(p)));
  }, [lang]);
  const shown = useMemo(
    () =>
      (items ?? [])
        .filter((p) => !category || p.category === category)
        .sort(
          (a, b) =>
            PRESET_CATEGORIES.indexOf(a.category) - PRESET_CATEGORIES.indexOf(b.category) ||
            pick(a.name, lang).localeCompare(pick(b.name, lang), lang),
        ),
    [items, category, lang],
  );
  return (
    <section className="page presets" aria-labelledby="presets-title">
      <h2 id="presets-title">{t('presetsTitle')}</h2>
      <p className="page-intro">{t('presetsHelp')}</p>
      <div className="filters">
        <label>
          {t('presetCategory')}
          <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="preset-category">
            <option value="">{t('presetCategoryAll')}</option>
            {PRESET_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c, lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!items && !error && <p>{t('loading')}</p>}
      {items && (
        <div className="preset-grid" data-testid="preset-gallery">
          {shown.map((p) => (
            <PresetCard key={p.id} preset={p} />
          ))}
        </div>
      )}
    </section>
  );
}
