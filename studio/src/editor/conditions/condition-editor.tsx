import type { Issue } from '@iapm/schemas';
import { useState } from 'react';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import { JsonField } from '../inspector/json-field.tsx';
import type { FieldOption } from '../model/fields.ts';
import { emptyGroup, emptyRule, fromLogic, type Group, toLogic } from './builder-model.ts';
import { RuleEditor } from './rule-editor.tsx';
import { SampleEvaluator } from './sample-evaluator.tsx';

function GroupEditor({
  group,
  fields,
  onChange,
  onRemove,
  depth,
}: {
  group: Group;
  fields: readonly FieldOption[];
  onChange: (g: Group) => void;
  onRemove?: () => void;
  depth: number;
}) {
  const t = useT();
  const set = (i: number, child: Group['children'][number] | undefined) => {
    const children = [...group.children];
    if (child) children[i] = child;
    else children.splice(i, 1);
    onChange({ ...group, children });
  };
  return (
    <fieldset className={`condition-group plain depth-${depth}`}>
      <legend className="sr-only">{t('conditionGroup')}</legend>
      <div className="group-head">
        <label>
          <span className="sr-only">{t('combinator')}</span>
          <select
            aria-label={t('combinator')}
            value={group.combinator}
            onChange={(e) => onChange({ ...group, combinator: e.target.value as 'and' | 'or' })}
            data-testid="combinator"
          >
            <option value="and">{t('combinatorAnd')}</option>
            <option value="or">{t('combinatorOr')}</option>
          </select>
        </label>
        {onRemove && (
          <button type="button" className="link-button" onClick={onRemove}>
            {t('removeGroup')}
          </button>
        )}
      </div>
      {group.children.map((child, i) =>
        child.type === 'rule' ? (
          <RuleEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id of their own; their place is their identity
            key={i}
            index={i}
            rule={child}
            fields={fields}
            onChange={(r) => set(i, r)}
            onRemove={() => set(i, undefined)}
          />
        ) : (
          <GroupEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            key={i}
            group={child}
            fields={fields}
            depth={depth + 1}
            onChange={(g) => set(i, g)}
            onRemove={() => set(i, undefined)}
          />
        ),
      )}
      <div className="group-actions">
        <button
          type="button"
          className="link-button"
          onClick={() => onChange({ ...group, children: [...group.children, emptyRule()] })}
        >
          + {t('addRule')}
        </button>
        {depth < 3 && (
          <button
            type="button"
            className="link-button"
            onClick={() =>
              onChange({
                ...group,
                children: [...group.children, emptyGroup(group.combinator === 'and' ? 'or' : 'and')],
              })
            }
          >
            + {t('addGroup')}
          </button>
        )}
      </div>
    </fieldset>
  );
}

/**
 * The condition builder: lines « champ — opérateur — valeur » joined by ET / OU, groups inside groups, stored
 * as json-logic; a JSON view for rules the builder cannot show; and a test of the condition on sample values.
 */
export function ConditionEditor({
  logic,
  onChange,
  fields,
  issues,
  sample,
}: {
  logic: unknown;
  onChange: (logic: unknown) => void;
  fields: readonly FieldOption[];
  issues: readonly Issue[];
  /** Example values of the trigger event (the event schema's first example). */
  sample: Record<string, unknown> | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const group = fromLogic(logic);
  const [json, setJson] = useState(!group);
  return (
    <div className="condition-editor" data-testid="condition-editor">
      <fieldset className="condition-mode plain">
        <legend className="sr-only">{t('conditionMode')}</legend>
        <button type="button" aria-pressed={!json} disabled={!group} onClick={() => setJson(false)}>
          {t('conditionBuilder')}
        </button>
        <button type="button" aria-pressed={json} onClick={() => setJson(true)}>
          {t('tabJson')}
        </button>
      </fieldset>
      {json || !group ? (
        <>
          {!group && <p className="help">{t('conditionAdvanced')}</p>}
          <JsonField value={logic} onChange={onChange} rows={6} label={t('tabJson')} />
        </>
      ) : (
        <GroupEditor group={group} fields={fields} depth={0} onChange={(g) => onChange(toLogic(g))} />
      )}
      {issues.length > 0 && (
        <ul className="field-issues">
          {issues.map((i) => (
            <li key={`${i.pointer}${i.code}`}>{pick(i.message, lang)}</li>
          ))}
        </ul>
      )}
      {group && <SampleEvaluator group={group} fields={fields} sample={sample} />}
    </div>
  );
}
