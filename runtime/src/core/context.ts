import type { RunState, Token, Workflow } from './types.ts';

/**
 * The data json-logic expressions and `{{path}}` templates see at a token: the trigger event (`payload`,
 * `event`), what earlier nodes produced (`nodes.<id>.output|status|validation|error`), the innermost loop's
 * item (`loop.item`, `loop.index`), the run, the workflow and the current time. Pure.
 */
export function expressionData(
  workflow: Workflow,
  state: RunState,
  token: Token | undefined,
  now: string,
): Record<string, unknown> {
  const loopId = token?.loops[token.loops.length - 1];
  const frame = loopId ? state.loops[loopId] : undefined;
  return {
    payload: state.event.payload,
    event: state.event,
    nodes: state.nodes,
    loop: frame ? { item: frame.items[frame.index], index: frame.index, count: frame.items.length } : {},
    run: { id: state.runId, workflowId: state.workflowId, version: state.version, startedAt: state.startedAt },
    workflow: { id: workflow.id ?? state.workflowId, name: workflow.name, version: state.version },
    now,
  };
}
