import type { SwitchNode } from '@iapm/schemas';
import { useT } from '../../../i18n/lang.tsx';
import { ConditionEditor } from '../../conditions/condition-editor.tsx';
import { EMPTY_CONDITION } from '../../palette/palette-items.ts';
import { issuesAt } from '../field.tsx';
import type { NodeFormProps } from '../form-context.ts';
import { triggerExample } from './condition-form.tsx';

type Case = SwitchNode['cases'][number];

/** A fresh port name for a new case (`cas-2`, `cas-3`…). Pure. */
const freshPort = (cases: Case[]) => {
  let n = cases.length + 1;
  while (cases.some((c) => c.port === `cas-${n}`)) n++;
  return `cas-${n}`;
};

/** A switch: cases tried in order, each with its name and rule; « Autre cas » otherwise. */
export function SwitchForm({ node, doc, update, pointer, issues, fields }: NodeFormProps<SwitchNode>) {
  const t = useT();
  const cases = node.cases ?? [];
  const setCase = (i: number, c: Case | undefined, coalesce?: string) => {
    const next = [...cases];
    if (c) next[i] = c;
    else next.splice(i, 1);
    update({ ...node, cases: next }, coalesce);
  };
  return (
    <div className="switch-cases">
      <h3>{t('cases')}</h3>
      {cases.map((c, i) => (
        <fieldset key={c.port} className="switch-case">
          <legend>{c.label || c.port}</legend>
          <label className="field">
            <span>{t('caseLabel')}</span>
            <input
              value={c.label ?? ''}
              maxLength={80}
              onChange={(e) => setCase(i, { ...c, label: e.target.value }, `${node.id}/case/${c.port}/label`)}
            />
          </label>
          <ConditionEditor
            logic={c.logic}
            onChange={(logic) => setCase(i, { ...c, logic: logic as Case['logic'] }, `${node.id}/case/${c.port}/logic`)}
            fields={fields}
            issues={issuesAt(issues, `${pointer}/cases/${i}`)}
            sample={triggerExample(doc)}
          />
          <button
            type="button"
            className="link-button"
            onClick={() => setCase(i, undefined)}
            disabled={cases.length <= 1}
          >
            {t('removeCase')}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="link-button"
        onClick={() => {
          const port = freshPort(cases);
          update({ ...node, cases: [...cases, { port, label: `Cas ${cases.length + 1}`, logic: EMPTY_CONDITION }] });
        }}
      >
        + {t('addCase')}
      </button>
    </div>
  );
}
