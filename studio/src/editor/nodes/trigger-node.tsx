import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { WorkflowFlowNode } from '../flow/to-flow.ts';
import { NodeShell } from './node-shell.tsx';

/** A « trigger » node on the canvas. Rendering only. */
export const TriggerNode = memo(function TriggerNode({ id, data, selected }: NodeProps<WorkflowFlowNode>) {
  return <NodeShell id={id} data={data} selected={!!selected} icon="bolt" family="trigger" input={false} />;
});
