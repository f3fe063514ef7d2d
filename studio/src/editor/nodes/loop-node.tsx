import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { WorkflowFlowNode } from '../flow/to-flow.ts';
import { NodeShell } from './node-shell.tsx';

/** A « loop » node on the canvas. Rendering only. */
export const LoopNode = memo(function LoopNode({ id, data, selected }: NodeProps<WorkflowFlowNode>) {
  return <NodeShell id={id} data={data} selected={!!selected} icon="loop" family="flow" />;
});
