import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { WorkflowFlowNode } from '../flow/to-flow.ts';
import { NodeShell } from './node-shell.tsx';

/** A « end » node on the canvas. Rendering only. */
export const EndNode = memo(function EndNode({ id, data, selected }: NodeProps<WorkflowFlowNode>) {
  return <NodeShell id={id} data={data} selected={!!selected} icon="flag" family="end" />;
});
