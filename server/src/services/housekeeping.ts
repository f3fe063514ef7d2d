import type { Models } from '@iapm/runtime/db';
import { AttemptLimiter } from '../http/rate-limit.ts';

/** How long failed attempts are kept: well past the longest limiting window (15 minutes). */
const ATTEMPTS_KEPT_MS = 60 * 60_000;

/**
 * Removes what has expired and that FerretDB v1 cannot expire by itself (it has no TTL index): expired
 * sessions (already refused on read) and failed sign-in/code attempts of ended windows. Every server process
 * runs it; the removals are idempotent, so several processes doing it at once is harmless.
 */
export async function sweepExpired(models: Models, now = Date.now()) {
  const sessions = await models.Session.deleteMany({ expiresAt: { $lt: new Date(now) } });
  const attempts = await AttemptLimiter.purge(models.User.db, new Date(now - ATTEMPTS_KEPT_MS));
  return { sessions: sessions.deletedCount, attempts };
}

/** Runs `sweepExpired` every `everyMs` (15 minutes by default); returns the function that stops it. */
export function startHousekeeping(
  models: Models,
  options: { everyMs?: number; onError?: (error: unknown) => void } = {},
): () => void {
  const timer = setInterval(
    () => {
      sweepExpired(models).catch((error) => options.onError?.(error));
    },
    options.everyMs ?? 15 * 60_000,
  );
  timer.unref();
  return () => clearInterval(timer);
}
