import { findAction } from '@iapm/schemas';
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { WorkflowFlowNode } from '../flow/to-flow.ts';
import { categoryIcon } from './icons.tsx';
import { NodeShell } from './node-shell.tsx';

/** An action node: the icon of its catalog category and its autonomy colour. Rendering only. */
export const ActionNode = memo(function ActionNode({ id, data, selected }: NodeProps<WorkflowFlowNode>) {
  const action = data.node.kind === 'action' ? findAction(data.node.action) : undefined;
  return (
    <NodeShell id={id} data={data} selected={!!selected} icon={categoryIcon(action?.category ?? '')} family="action" />
  );
});
