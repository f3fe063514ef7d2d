import { findEvent } from '@iapm/schemas';
import type { PresetDetail, PresetSampleEvent } from '../api/cases.ts';
import type { RunStatus } from '../api/runs.ts';
import { longDateTime } from '../cases/dates.ts';
import { pick, type StringKey, useLang, useT } from '../i18n/lang.tsx';
import { runStatusKey } from '../runs/run-status.tsx';
import { payloadInWords } from './event-in-words.ts';

type EventRef = string | PresetSampleEvent;

const DECISION_KEYS: Record<string, StringKey> = {
  APPROVED: 'decisionApprovedShort',
  REJECTED: 'decisionRejectedShort',
  MODIFIED_APPROVED: 'decisionModifiedShort',
};

/** An event's type and date in words: « E-mail classé, le jeudi 5 novembre 2026 à 16:20 ». */
function useEventTitle() {
  const t = useT();
  const lang = useLang();
  return (event: PresetSampleEvent | undefined, fallback: string) =>
    event
      ? `${pick(findEvent(event.type)?.label, lang) || event.type}${
          event.occurredAt ? `, ${t('sampleOccurredAt', { date: longDateTime(event.occurredAt, lang) })}` : ''
        }`
      : fallback;
}

/** The preset's sample events: their type, date and fields in words. */
export function PresetSamples({ samples }: { samples: PresetDetail['samples'] }) {
  const t = useT();
  const lang = useLang();
  const title = useEventTitle();
  return (
    <section className="card wide-card" aria-labelledby="samples-title" data-testid="preset-samples">
      <h3 id="samples-title">{t('presetSamples')}</h3>
      <p className="help">{t('presetSamplesHelp')}</p>
      {samples.map(({ file, event }) => (
        <details key={file} className="sample">
          <summary>{title(event, file)}</summary>
          <dl className="fields-in-words">
            {payloadInWords(event.type, event.payload, lang).map((f) => (
              <div key={f.key}>
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
              </div>
            ))}
          </dl>
        </details>
      ))}
    </section>
  );
}

/** The preset's scenarios: where each starts, the lawyers' decisions, later events and the expected result. */
export function PresetScenarios({ preset }: { preset: PresetDetail }) {
  const t = useT();
  const title = useEventTitle();
  const samples = new Map(preset.samples.map((s) => [s.file, s.event]));
  const resolve = (ref: EventRef) => (typeof ref === 'string' ? samples.get(ref) : ref);
  const nodeLabel = (id: string) => preset.workflow.nodes.find((n) => n.id === id)?.label || id;
  return (
    <section className="card wide-card" aria-labelledby="scenarios-title" data-testid="preset-scenarios">
      <h3 id="scenarios-title">{t('presetScenarios')}</h3>
      <p className="help">{t('presetScenariosHelp')}</p>
      <ol className="scenario-list">
        {preset.scenarios.map(({ file, scenario }) => {
          const decisions = Object.entries(scenario.decisions ?? {}).map(([node, d]) => {
            const decision = typeof d === 'string' ? d : (d?.decision ?? '');
            return `${nodeLabel(node)} : ${DECISION_KEYS[decision] ? t(DECISION_KEYS[decision]) : decision}`;
          });
          const status = scenario.expect.status;
          return (
            <li key={file}>
              <strong>{scenario.title}</strong>
              <ul>
                <li>
                  {t('scenarioStartsWith', {
                    event: title(resolve(scenario.event as EventRef), String(scenario.event)),
                  })}
                </li>
                {decisions.length > 0 && <li>{t('scenarioDecisions', { list: decisions.join(' ; ') })}</li>}
                {(scenario.events ?? []).map((ref, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list; its order is its identity
                  <li key={i}>{t('scenarioThen', { event: title(resolve(ref as EventRef), String(ref)) })}</li>
                ))}
                <li>
                  {t('scenarioExpect', {
                    status: status === 'not_started' ? t('scenarioNotStarted') : t(runStatusKey(status as RunStatus)),
                  })}
                </li>
              </ul>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
