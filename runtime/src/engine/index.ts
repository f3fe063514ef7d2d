export { AgendaScheduler } from './agenda-scheduler.ts';
export { Engine, type EngineOptions } from './engine.ts';
export {
  type AcceptedEvent,
  type EventReaction,
  EventRejected,
  EventService,
  type IncomingEvent,
} from './event-service.ts';
export {
  type ActionContext,
  ActionError,
  type ActionHandler,
  type ActionHandlers,
  type Clock,
  type LocalizedText,
  systemClock,
  type WakeScheduler,
} from './ports.ts';
export { liveRunState, RunStore, type StoredRun } from './run-store.ts';
export { type Runtime, startRuntime } from './start.ts';
export { createPolicyResolver, createWorkflowSource, WorkflowRefused } from './workflow-source.ts';
