import { findEvent } from '@iapm/schemas';
import type { PresetSummary } from '../api/cases.ts';
import { categoryLabel, procedureLabel } from '../cases/labels.ts';
import { pick, type Translate, useLang, useT } from '../i18n/lang.tsx';
import { navigate } from '../router.ts';

/** What a preset starts on, in words. */
export function triggerInWords(preset: Pick<PresetSummary, 'trigger'>, t: Translate, lang: 'fr' | 'en'): string {
  if (preset.trigger.event)
    return t('presetStartsOn', { event: pick(findEvent(preset.trigger.event)?.label, lang) || preset.trigger.event });
  if (preset.trigger.cron) return t('presetStartsOnSchedule', { cron: preset.trigger.cron });
  return '—';
}

/** How many actions wait for a lawyer (RED, ORANGE) and that the rest runs alone, in words. */
export function AutonomySummary({ gates }: { gates: PresetSummary['gates'] }) {
  const t = useT();
  if (!gates.red && !gates.orange)
    return (
      <p className="autonomy-summary">
        <span className="autonomy-dot green" aria-hidden="true" />
        {t('autonomyAllGreen')}
      </p>
    );
  return (
    <ul className="autonomy-summary" aria-label={t('autonomySummary')}>
      {gates.red > 0 && (
        <li>
          <span className="autonomy-dot red" aria-hidden="true" />
          {t('autonomyRed', { count: gates.red })}
        </li>
      )}
      {gates.orange > 0 && (
        <li>
          <span className="autonomy-dot orange" aria-hidden="true" />
          {t('autonomyOrange', { count: gates.orange })}
        </li>
      )}
      <li>
        <span className="autonomy-dot green" aria-hidden="true" />
        {t('autonomyRest')}
      </li>
    </ul>
  );
}

/** A preset in the gallery: title, category and procedure, what it does, what starts it, its autonomy. */
export function PresetCard({ preset }: { preset: PresetSummary }) {
  const t = useT();
  const lang = useLang();
  const name = pick(preset.name, lang);
  const path = `/presets/${preset.id}`;
  return (
    <article className="preset-card" data-testid={`preset-${preset.id}`} aria-labelledby={`preset-title-${preset.id}`}>
      <p className="preset-kicker">
        {categoryLabel(preset.category, lang)}
        {preset.procedure ? ` · ${procedureLabel(preset.procedure, lang)}` : ''}
      </p>
      <h3 id={`preset-title-${preset.id}`}>{name}</h3>
      <p className="preset-description">{pick(preset.description, lang)}</p>
      <p className="preset-facts">
        {triggerInWords(preset, t, lang)} · {t('presetBlocks', { count: preset.nodeCount })}
      </p>
      <AutonomySummary gates={preset.gates} />
      <a
        className="button-link"
        href={path}
        aria-label={t('seePresetNamed', { name })}
        onClick={(e) => {
          e.preventDefault();
          void navigate(path);
        }}
      >
        {t('seePreset')}
      </a>
    </article>
  );
}
