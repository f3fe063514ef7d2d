import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { WorkflowFlowNode } from '../flow/to-flow.ts';
import { NodeShell } from './node-shell.tsx';

/** A « parallel » node on the canvas. Rendering only. */
export const ParallelNode = memo(function ParallelNode({ id, data, selected }: NodeProps<WorkflowFlowNode>) {
  return <NodeShell id={id} data={data} selected={!!selected} icon="parallel" family="flow" />;
});
