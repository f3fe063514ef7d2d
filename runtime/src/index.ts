export { type ActionAdapters, createActionHandlers, defineHandler, keyedObjectId } from './actions/index.ts';
export * from './adapters/index.ts';
export * from './audit/index.ts';
export * from './core/index.ts';
export * from './db/index.ts';
export * from './documents/index.ts';
export * from './engine/index.ts';
export * from './notifications/index.ts';
export * from './sandbox/index.ts';
