import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { WorkflowFlowNode } from '../flow/to-flow.ts';
import { NodeShell } from './node-shell.tsx';

/** A « condition » node on the canvas. Rendering only. */
export const ConditionNode = memo(function ConditionNode({ id, data, selected }: NodeProps<WorkflowFlowNode>) {
  return <NodeShell id={id} data={data} selected={!!selected} icon="diamond" family="condition" />;
});
