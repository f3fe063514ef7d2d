import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';

/** The collection of failed attempts (sign-in, second-factor codes), shared by every server process. */
export const AUTH_ATTEMPTS = 'auth_attempts';

interface AttemptDoc {
  _id: string;
  /** The limited key's hash and window (what a count reads). */
  bucket: string;
  at: Date;
}

/**
 * Counts failed attempts per key in fixed windows of `windowMs`, in the database, so that every server
 * process sharing it counts the same attempts: `max` failures in a window refuse further attempts until the
 * window ends. A failure takes the first free numbered slot of its window by a unique insert
 * (`_id` = bucket + slot number), which FerretDB v1 and MongoDB both enforce atomically — a counter updated
 * with `$inc` is not safe on FerretDB v1 (docs/database.md) — so concurrent failures in several processes
 * can never count as fewer than they were. The key is stored hashed (it holds an address and an e-mail).
 * A success clears the key's window; old windows are removed by `purge`.
 */
export class AttemptLimiter {
  constructor(
    private readonly connection: Connection,
    private readonly scope: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  private collection() {
    return this.connection.collection<AttemptDoc>(AUTH_ATTEMPTS);
  }

  private bucket(key: string, now: number): { bucket: string; endsAt: number } {
    const window = Math.floor(now / this.windowMs);
    const hash = createHash('sha256').update(`${this.scope}|${key}`).digest('hex').slice(0, 32);
    return { bucket: `${this.scope}:${hash}:${window}`, endsAt: (window + 1) * this.windowMs };
  }

  /** Milliseconds to wait before trying again, or 0 when an attempt is allowed now. */
  async retryAfter(key: string, now = Date.now()): Promise<number> {
    const { bucket, endsAt } = this.bucket(key, now);
    // The last slot taken means the window is full (slots are taken in order).
    const full = await this.collection().findOne({ _id: `${bucket}:${this.max - 1}` }, { projection: { _id: 1 } });
    return full ? endsAt - now : 0;
  }

  /** Records a failed attempt. */
  async fail(key: string, now = Date.now()): Promise<void> {
    const { bucket } = this.bucket(key, now);
    let slot = await this.collection().countDocuments({ bucket });
    while (slot < this.max) {
      try {
        await this.collection().insertOne({ _id: `${bucket}:${slot}`, bucket, at: new Date(now) });
        return;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        slot += 1; // taken by a concurrent failure: the next one
      }
    }
  }

  /** A successful attempt clears the key's current window. */
  async succeed(key: string, now = Date.now()): Promise<void> {
    await this.collection().deleteMany({ bucket: this.bucket(key, now).bucket });
  }

  /** Removes the failures of windows that have ended (the session purge job calls it). */
  static async purge(connection: Connection, olderThan: Date): Promise<number> {
    const removed = await connection.collection<AttemptDoc>(AUTH_ATTEMPTS).deleteMany({ at: { $lt: olderThan } });
    return removed.deletedCount;
  }
}
