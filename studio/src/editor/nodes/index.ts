import type { NodeTypes } from '@xyflow/react';
import { ActionNode } from './action-node.tsx';
import { ConditionNode } from './condition-node.tsx';
import { EndNode } from './end-node.tsx';
import { JoinNode } from './join-node.tsx';
import { LoopNode } from './loop-node.tsx';
import { NoteNode } from './note-node.tsx';
import { ParallelNode } from './parallel-node.tsx';
import { SubflowNode } from './subflow-node.tsx';
import { SwitchNode } from './switch-node.tsx';
import { TriggerNode } from './trigger-node.tsx';
import { WaitNode } from './wait-node.tsx';

/** The component of each node kind, and of sticky notes (created once, outside any render). */
export const nodeTypes = {
  trigger: TriggerNode,
  condition: ConditionNode,
  switch: SwitchNode,
  action: ActionNode,
  wait: WaitNode,
  parallel: ParallelNode,
  join: JoinNode,
  loop: LoopNode,
  subflow: SubflowNode,
  end: EndNode,
  note: NoteNode,
} satisfies NodeTypes;
