import { Handle, Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import { pick } from '../../i18n/text.ts';
import type { WorkflowNodeData } from '../flow/to-flow.ts';
import { Icon, type IconName } from './icons.tsx';

const AUTONOMY_NAMES = {
  GREEN: { fr: 'Autonomie verte : s’exécute seule', en: 'Green autonomy: runs by itself' },
  ORANGE: { fr: 'Autonomie orange : validation avant envoi', en: 'Orange autonomy: validated before it runs' },
  RED: { fr: 'Autonomie rouge : toujours validée par un avocat', en: 'Red autonomy: always validated by a lawyer' },
};

const RUN_NAMES: Record<string, { fr: string; en: string }> = {
  succeeded: { fr: 'Exécuté', en: 'Ran' },
  failed: { fr: 'En échec', en: 'Failed' },
  skipped: { fr: 'Ignoré', en: 'Skipped' },
  waiting: { fr: 'En attente', en: 'Waiting' },
};

interface ShellProps {
  id: string;
  data: WorkflowNodeData;
  selected: boolean;
  icon: IconName;
  /** The colour family of the kind (`trigger`, `condition`, `action`, `flow`, `end`). */
  family: string;
  /** Whether the node has an input handle (all but the trigger). */
  input?: boolean;
  children?: ReactNode;
}

/**
 * The common frame of every workflow node: icon, title, one-line summary, autonomy colour, error badge,
 * input handle on top and labelled output handles below. Rendering only.
 */
export function NodeShell({ id, data, selected, icon, family, input = true, children }: ShellProps) {
  const { lang, issues, autonomy, ports, mark, run } = data;
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.length - errors.length;
  const classes = [
    'wf-node',
    `family-${family}`,
    autonomy ? `autonomy-${autonomy.toLowerCase()}` : '',
    selected ? 'is-selected' : '',
    errors.length ? 'has-errors' : '',
    mark ? `mark-${mark}` : '',
    run ? `run-${run}` : '',
  ];
  const issueText = issues.map((i) => `• ${pick(i.message, lang)}`).join('\n');
  return (
    <div className={classes.filter(Boolean).join(' ')} data-node-id={id} data-testid={`node-${id}`}>
      {input && <Handle type="target" position={Position.Top} className="wf-handle-in" />}
      <div className="wf-node-head">
        <span className="wf-node-icon">
          <Icon name={icon} />
        </span>
        <span className="wf-node-title">{data.title}</span>
        {issues.length > 0 && (
          <span
            className={`wf-node-badge ${errors.length ? 'error' : 'warning'}`}
            title={issueText}
            role="img"
            aria-label={
              lang === 'fr'
                ? `${issues.length} problème(s) : ${issueText}`
                : `${issues.length} problem(s): ${issueText}`
            }
            data-testid={`node-badge-${id}`}
          >
            <Icon name="warning" size={13} />
            {errors.length || warnings}
          </span>
        )}
      </div>
      {run && (
        <div className={`wf-node-run run-${run}`} data-testid={`run-${id}`} data-run={run}>
          {RUN_NAMES[run]?.[lang]}
        </div>
      )}
      <div className="wf-node-summary" title={data.summary}>
        {data.summary}
      </div>
      {autonomy && (
        <div className="wf-node-autonomy" title={AUTONOMY_NAMES[autonomy][lang]}>
          <span className="dot" />
          {autonomy === 'GREEN'
            ? lang === 'fr'
              ? 'Vert'
              : 'Green'
            : autonomy === 'ORANGE'
              ? 'Orange'
              : lang === 'fr'
                ? 'Rouge'
                : 'Red'}
        </div>
      )}
      {children}
      {ports.length > 0 && (
        <div className="wf-node-ports">
          {ports.map((port) => (
            <span key={port.id || 'any'} className={`wf-port port-${port.id || 'any'}`}>
              {pick(port.label, lang)}
              <Handle
                type="source"
                position={Position.Bottom}
                id={port.id || undefined}
                className="wf-handle-out"
                data-port={port.id || 'any'}
              />
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
