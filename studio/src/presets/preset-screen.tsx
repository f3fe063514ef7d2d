import '@xyflow/react/dist/style.css';
import '../editor/editor.css';
import './presets.css';
import { type FormEvent, useEffect, useState } from 'react';
import { casesApi, type PresetDetail } from '../api/cases.ts';
import { isProblem } from '../api/client.ts';
import { categoryLabel, procedureLabel } from '../cases/labels.ts';
import { DocPreview } from '../editor/doc-preview.tsx';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { navigate } from '../router.ts';
import { AutonomySummary, triggerInWords } from './preset-card.tsx';
import { PresetSamples, PresetScenarios } from './preset-samples.tsx';

/**
 * One preset: what it does, its graph drawn read-only, its sample events and scenarios in words, and its
 * installation as a new draft (name editable) that opens in the editor.
 */
export function PresetScreen({ presetId }: { presetId: string }) {
  const t = useT();
  const lang = useLang();
  const [preset, setPreset] = useState<PresetDetail | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [installError, setInstallError] = useState<string | undefined>();

  useEffect(() => {
    casesApi.preset(presetId).then(
      (p) => {
        setPreset(p);
        setName((current) => current || p.workflow.name);
      },
      (p) => setError(isProblem(p) ? pick(p.message, lang) || `${p.status}` : String(p)),
    );
  }, [presetId, lang]);

  const install = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setInstallError(undefined);
    try {
      const wf = await casesApi.install(presetId, name.trim());
      await navigate(`/workflows/${wf.id}`);
    } catch (p) {
      const detail = isProblem(p)
        ? [pick(p.message, lang), ...(p.issues ?? []).slice(0, 3).map((i) => `${i.pointer} ${pick(i.message, lang)}`)]
            .filter(Boolean)
            .join(' — ')
        : String(p);
      setInstallError(t('installFailed', { detail }));
      setBusy(false);
    }
  };

  const back = (
    <a
      href="/presets"
      onClick={(e) => {
        e.preventDefault();
        void navigate('/presets');
      }}
    >
      ← {t('backToPresets')}
    </a>
  );
  if (error)
    return (
      <section className="page">
        {back}
        <p role="alert" className="error">
          {error}
        </p>
      </section>
    );
  if (!preset) return <p className="page">{t('loading')}</p>;
  return (
    <section className="page preset-page" aria-labelledby="preset-title" data-testid="preset-detail">
      {back}
      <p className="preset-kicker">
        {categoryLabel(preset.category, lang)}
        {preset.procedure ? ` · ${procedureLabel(preset.procedure, lang)}` : ''}
      </p>
      <h2 id="preset-title">{pick(preset.name, lang)}</h2>
      <div className="preset-layout">
        <div>
          <p className="preset-description">{pick(preset.description, lang)}</p>
          <p className="preset-facts">
            {triggerInWords(preset, t, lang)} · {t('presetBlocks', { count: preset.nodeCount })}
            {preset.rules?.length ? ` · ${t('presetRules', { rules: preset.rules.join(', ') })}` : ''}
          </p>
          <AutonomySummary gates={preset.gates} />
        </div>
        <form className="card install-form" onSubmit={install} aria-labelledby="install-title">
          <h3 id="install-title">{t('installTitle')}</h3>
          <label>
            {t('installName')}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={200}
              required
              data-testid="install-name"
            />
          </label>
          <p className="help">{t('installHelp')}</p>
          {installError && (
            <p role="alert" className="error">
              {installError}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy || !name.trim()} data-testid="install-preset">
            {busy ? t('installing') : t('installPreset')}
          </button>
        </form>
      </div>
      <p className="help">{t('presetPreviewHelp')}</p>
      <DocPreview doc={preset.workflow} label={t('presetPreview')} className="large" testId="preset-preview" />
      <PresetSamples samples={preset.samples} />
      <PresetScenarios preset={preset} />
    </section>
  );
}
