export { deadlineHandler, ruleHandlers, sandboxHandlers } from './rule-handlers.ts';
export {
  DEFAULT_POLICY,
  runSandbox,
  type SandboxEvent,
  type SandboxHandler,
  type SandboxOptions,
  type ScriptedDecision,
  type Trace,
  triggerAccepts,
} from './sandbox.ts';
export { simulateOutput } from './simulate-output.ts';
