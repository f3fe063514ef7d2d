import type { PresetSampleEvent, PresetScenario } from '@iapm/schemas';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { type Bilingual, pick, useLang, useT } from '../../i18n/lang.tsx';

/** What the test panel reads of a preset (`GET /api/presets/:id`). */
interface PresetSamples {
  name: Bilingual;
  samples: { file: string; event: PresetSampleEvent }[];
  scenarios: { file: string; scenario: PresetScenario }[];
}

/** What choosing a sample or a scenario fills in: the payload, and for a scenario its start and gate answers. */
export interface PresetChoice {
  payload: Record<string, unknown>;
  at?: string;
  decisions?: Record<string, 'APPROVED' | 'REJECTED' | 'MODIFIED_APPROVED'>;
}

/** The event a scenario names (a sample file of the preset, or its own event). */
function scenarioEvent(preset: PresetSamples, scenario: PresetScenario): PresetSampleEvent | undefined {
  return typeof scenario.event === 'string'
    ? preset.samples.find((s) => s.file === scenario.event)?.event
    : scenario.event;
}

/** The file name of a sample, readable: `samples/oqtf-notifiee.json` → « oqtf notifiee ». */
const sampleName = (file: string) =>
  file
    .replace(/^samples\//, '')
    .replace(/\.json$/, '')
    .replace(/[-_]/g, ' ');

/**
 * For a workflow installed from a preset: the preset's sample events and scenarios as payload sources (a
 * scenario also brings its simulated start and its answers to the gates). Only those of the trigger's event.
 */
export function PresetSamplePicker({
  presetId,
  eventType,
  onChoose,
}: {
  presetId: string;
  eventType: string;
  onChoose: (choice: PresetChoice) => void;
}) {
  const t = useT();
  const lang = useLang();
  const [preset, setPreset] = useState<PresetSamples | undefined>();
  useEffect(() => {
    api<PresetSamples>(`/api/presets/${encodeURIComponent(presetId)}`).then(setPreset, () => setPreset(undefined));
  }, [presetId]);
  if (!preset) return null;
  const samples = preset.samples.filter((s) => s.event.type === eventType);
  const scenarios = preset.scenarios
    .map((s) => ({ ...s, event: scenarioEvent(preset, s.scenario) }))
    .filter((s) => s.event?.type === eventType);
  if (samples.length + scenarios.length === 0) return null;
  const choose = (value: string) => {
    const [kind, file] = [value.slice(0, 2), value.slice(2)];
    if (kind === 's:') {
      const sample = samples.find((s) => s.file === file);
      if (sample) onChoose({ payload: sample.event.payload as Record<string, unknown> });
      return;
    }
    const chosen = scenarios.find((s) => s.file === file);
    if (!chosen?.event) return;
    const decisions = Object.fromEntries(
      Object.entries(chosen.scenario.decisions ?? {}).map(([node, answer]) => [
        node,
        typeof answer === 'string' ? answer : answer?.decision,
      ]),
    ) as PresetChoice['decisions'];
    const at = chosen.scenario.at ?? chosen.event.occurredAt;
    onChoose({
      payload: chosen.event.payload as Record<string, unknown>,
      ...(at ? { at } : {}),
      ...(decisions && Object.keys(decisions).length ? { decisions } : {}),
    });
  };
  return (
    <label className="field">
      <span>{t('fromPreset', { name: pick(preset.name, lang) })}</span>
      <select value="" onChange={(e) => e.target.value && choose(e.target.value)} data-testid="preset-sample">
        <option value="">{t('choose')}</option>
        {samples.length > 0 && (
          <optgroup label={t('presetSamples')}>
            {samples.map((s) => (
              <option key={s.file} value={`s:${s.file}`}>
                {sampleName(s.file)}
              </option>
            ))}
          </optgroup>
        )}
        {scenarios.length > 0 && (
          <optgroup label={t('presetScenarios')}>
            {scenarios.map((s) => (
              <option key={s.file} value={`c:${s.file}`}>
                {s.scenario.title}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}
