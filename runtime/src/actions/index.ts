import type { ActionHandlers } from '../engine/ports.ts';
import type { ActionAdapters } from './adapters.ts';
import { aiHandlers } from './ai.handlers.ts';
import { assignHandler } from './assign.handler.ts';
import { basicHandlers } from './basic.handlers.ts';
import { deadlineHandler } from './deadline.handler.ts';
import { documentHandler } from './document.handler.ts';
import { emailHandler } from './email.handler.ts';
import { integrationHandlers } from './integration.handlers.ts';
import { notificationHandler } from './notification.handler.ts';
import { propertyHandler } from './property.handler.ts';
import { smsHandler } from './sms.handler.ts';
import { statusHandler } from './status.handler.ts';
import { systemHandlers } from './system.handlers.ts';
import { updateHandlers } from './update.handlers.ts';
import { validationHandlers } from './validation.handlers.ts';
import { workspaceHandlers } from './workspace.handlers.ts';

/**
 * Every action handler implemented so far, by action type, reaching the outside world through `adapters`
 * (the installation's settings; each firm's choices come from its WorkflowConfig).
 */
export function createActionHandlers(adapters: ActionAdapters = {}): ActionHandlers {
  const handlers: ActionHandlers = {
    ...basicHandlers(),
    ...updateHandlers(),
    ...integrationHandlers(adapters),
    ...aiHandlers(adapters),
    send_email: emailHandler(adapters),
    send_sms: smsHandler(adapters),
    send_notification: notificationHandler(adapters),
    generate_document: documentHandler(),
    ...workspaceHandlers(adapters),
    create_deadline: deadlineHandler(adapters),
    update_status: statusHandler(),
    assign_user: assignHandler(),
    set_property: propertyHandler(),
    ...validationHandlers(),
  };
  // rollback finds the compensations of the other handlers here.
  Object.assign(
    handlers,
    systemHandlers(() => handlers),
  );
  return handlers;
}

export type { ActionAdapters } from './adapters.ts';
export { defineHandler, keyedObjectId } from './define.ts';
