import type { Trace } from '../../api/workflows.ts';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import { ErrorView } from '../../runs/error-view.tsx';
import { nodeTitle } from '../model/describe.ts';
import type { Doc } from '../model/document.ts';
import { portLabel } from '../model/ports.ts';
import { ValueView } from './value-view.tsx';

const STATUS = {
  running: { fr: 'En cours', en: 'Running' },
  succeeded: { fr: 'Réussi', en: 'Succeeded' },
  failed: { fr: 'En échec', en: 'Failed' },
  skipped: { fr: 'Ignoré', en: 'Skipped' },
  waiting: { fr: 'En attente', en: 'Waiting' },
  awaiting_validation: { fr: 'En attente de validation', en: 'Awaiting validation' },
  cancelled: { fr: 'Annulé', en: 'Cancelled' },
};

/**
 * The steps of a test run in order: which block, what happened, by which way out, at what simulated time
 * (and until when a wait lasts); each step's input and output one click away.
 */
export function TraceView({ doc, trace, onFocus }: { doc: Doc; trace: Trace; onFocus: (nodeId: string) => void }) {
  const t = useT();
  const lang = useLang();
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const date = (iso: string) =>
    new Date(iso).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'Europe/Paris' });
  return (
    <div className="trace" data-testid="trace">
      <p className={`trace-status status-${trace.status}`} role="status" data-testid="trace-status">
        {t('runStatus')} <strong>{STATUS[trace.status][lang]}</strong>
      </p>
      {trace.error && <ErrorView error={trace.error} />}
      <ol className="trace-steps">
        {trace.steps.map((step, i) => {
          const node = byId.get(step.nodeId);
          const port = step.port !== undefined ? pick(portLabel(node, step.port), lang) : '';
          // A wait resumes at its due time (still ahead when it is waiting, passed once it has resumed).
          const resume = step.wakeAt ?? (step.kind === 'wait' ? step.endedAt : undefined);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a node may run several times; the order is the identity
            <li key={i} className={`trace-step status-${step.status}`} data-testid={`step-${step.nodeId}`}>
              <div className="trace-step-head">
                <button type="button" className="link-button" onClick={() => onFocus(step.nodeId)}>
                  {node ? pick(nodeTitle(node), lang) : step.nodeId}
                </button>
                <span className="trace-step-status">{STATUS[step.status][lang]}</span>
                {port && <span className="trace-port">→ {port}</span>}
              </div>
              <div className="trace-time">
                {date(step.at)}
                {resume && ` · ${t('resumesAt', { date: date(resume) })}`}
                {step.simulated && ` · ${t('simulatedOutput')}`}
              </div>
              {step.error && <ErrorView error={step.error} />}
              {(step.input !== undefined || step.output !== undefined) && (
                <details className="trace-io">
                  <summary>{t('inputOutput')}</summary>
                  {step.input !== undefined && (
                    <section>
                      <h4>{t('stepInput')}</h4>
                      <ValueView value={step.input} />
                    </section>
                  )}
                  {step.output !== undefined && (
                    <section>
                      <h4>{t('stepOutput')}</h4>
                      <ValueView value={step.output} />
                    </section>
                  )}
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
