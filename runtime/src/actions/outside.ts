import { randomUUID } from 'node:crypto';
import { configWithDefaults, type WorkflowConfig } from '@iapm/schemas';
import { claimOnce } from '../db/claims.ts';
import { ActionError } from '../engine/ports.ts';
import type { HandlerInput } from './define.ts';

/** A failure of an action, with its message in French then English (as the studio shows both). */
export function failure(code: string, fr: string, en: string, retryable = false): ActionError {
  return new ActionError(code, { fr, en }, retryable);
}

/** The firm's WorkflowConfig with its defaults, and what the firm set itself (to tell a choice from a default). */
export async function firmConfig(input: HandlerInput<unknown>): Promise<{ config: WorkflowConfig; raw: unknown }> {
  const tenant = await input.models.Tenant.findById(input.tenantId, { config: 1 }).lean();
  const raw = tenant?.config ?? {};
  return { config: configWithDefaults(raw), raw };
}

/**
 * Acts on the outside world at most once per idempotency key, and gives a repeated execution the first
 * result. The key is claimed by a unique insert before acting (`claimOnce`), and the result stored with the
 * claim. When a repeat finds the claim without a result — the first execution died while acting, or is still
 * acting — `whenUnsure` decides: `repeat` acts again (the receiver deduplicates on the idempotency key sent
 * along, or the call reads only), `refuse` fails without retry so that a person checks (an email, an SMS or a
 * write call is never sent twice). A failure releases the claim, so that the failure can be retried.
 * `afterwards` (records, events) runs only in the execution that acted, once its result is stored: its
 * failure fails the step, but a retry then finds the result and does not act again.
 */
export async function actOnce<O>(
  input: HandlerInput<unknown>,
  kind: string,
  whenUnsure: 'repeat' | 'refuse',
  act: () => Promise<O>,
  afterwards?: (result: O) => Promise<void>,
): Promise<O> {
  const { connection, idempotencyKey } = input.context;
  const key = `effect:${kind}:${String(input.tenantId)}:${idempotencyKey}`;
  const owner = randomUUID();
  const claim = await claimOnce(connection, key, owner);
  if (!claim.claimed) {
    if (claim.existing?.result !== undefined) return claim.existing.result as O;
    if (whenUnsure === 'refuse') {
      throw failure(
        'delivery.uncertain',
        "Un envoi avec la même clé a commencé sans se terminer : vérifiez s'il est parti avant de le relancer.",
        'A sending with the same key started without finishing: check whether it went out before sending again.',
      );
    }
  }
  const claims = connection.collection<{ _id: string; result?: unknown }>('claims');
  let result: O;
  try {
    result = await act();
  } catch (error) {
    if (claim.claimed) await claims.deleteOne({ _id: key, owner } as never);
    throw error;
  }
  await claims.updateOne({ _id: key }, { $set: { result, completedAt: new Date() } });
  await afterwards?.(result);
  return result;
}
