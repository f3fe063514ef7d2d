import { type CheckedNode, type ConditionNode, findEvent, triggerEventType } from '@iapm/schemas';
import { ConditionEditor } from '../../conditions/condition-editor.tsx';
import { issuesAt } from '../field.tsx';
import type { NodeFormProps } from '../form-context.ts';

/** The example payload of the workflow's trigger event, for testing conditions. */
export function triggerExample(doc: NodeFormProps['doc']): Record<string, unknown> | undefined {
  const trigger = doc.nodes.find((n) => n.kind === 'trigger') as CheckedNode | undefined;
  const type = triggerEventType(trigger);
  return type ? (findEvent(type)?.examples[0] as Record<string, unknown> | undefined) : undefined;
}

/** A Oui / Non condition, built with the condition builder. */
export function ConditionForm({ node, doc, update, pointer, issues, fields }: NodeFormProps<ConditionNode>) {
  return (
    <ConditionEditor
      logic={node.logic}
      onChange={(logic) => update({ ...node, logic: logic as ConditionNode['logic'] }, `${node.id}/logic`)}
      fields={fields}
      issues={issuesAt(issues, `${pointer}/logic`)}
      sample={triggerExample(doc)}
    />
  );
}
