import type { ActionHandlers } from '../engine/ports.ts';
import { basicHandlers } from './basic.handlers.ts';
import { updateHandlers } from './update.handlers.ts';

/** Every action handler implemented so far, by action type. */
export function createActionHandlers(): ActionHandlers {
  return { ...basicHandlers(), ...updateHandlers() };
}

export { defineHandler, keyedObjectId } from './define.ts';
