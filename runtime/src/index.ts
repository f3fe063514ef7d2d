export { createActionHandlers, defineHandler, keyedObjectId } from './actions/index.ts';
export * from './core/index.ts';
export * from './db/index.ts';
export * from './domain/index.ts';
export * from './domain-io/index.ts';
export * from './engine/index.ts';
export * from './sandbox/index.ts';
