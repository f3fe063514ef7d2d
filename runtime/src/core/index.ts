export { type AdvanceResult, advance, MAX_STEPS_PER_ADVANCE, type StartOptions, startRun } from './advance.ts';
export { graphOf } from './graph.ts';
export type * from './types.ts';
