import { randomUUID } from 'node:crypto';
import type { LiveMessage } from '@iapm/schemas';
import { type Connection, Types } from 'mongoose';

/** The collection through which the server processes of one database pass their live messages. */
export const LIVE_FEED = 'live_feed';

interface FeedDoc {
  _id: Types.ObjectId;
  tenantId: string;
  origin: string;
  /** The writer's clock, in ms: what readers page by. */
  at: number;
  message: LiveMessage;
}

export interface SharedLiveFeedOptions {
  /** Hands a message published by another process to this process's sockets. */
  deliver: (tenantId: string, message: LiveMessage) => void;
  /** How often the feed is read (default 500 ms). */
  pollMs?: number;
  /**
   * How far back each read looks (default 3 s): messages are paged by their writer's clock, and processes'
   * clocks and inserts are not ordered with each other, so each read overlaps the previous one and skips what
   * it has already seen.
   */
  overlapMs?: number;
  /** How long messages are kept (default 2 minutes): a process that was away longer reads the REST API. */
  keepMs?: number;
  log?: (error: unknown) => void;
}

/**
 * Live messages shared by the server processes of one database (`LIVE_FEED=shared`): each process writes the
 * messages it publishes to `live_feed` (grouped, at most one insert in flight) and reads what the others
 * wrote every `pollMs`, handing it to its own sockets. So a studio connected to one process sees the runs
 * advanced, the gates opened and the cases changed by every process, about half a second later. The feed
 * keeps two minutes; older messages are removed by whichever process gets there.
 *
 * Off by default: with one process the in-process path is enough, and every message written costs a write.
 */
export class SharedLiveFeed {
  readonly origin = randomUUID();
  private readonly pollMs: number;
  private readonly overlapMs: number;
  private readonly keepMs: number;
  private pending: FeedDoc[] = [];
  private writing: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readFrom: number;
  /** Ids read within the overlap window, with their `at`. */
  private seen = new Map<string, number>();
  private lastPrune = 0;
  private stopped = false;

  constructor(
    private readonly connection: Connection,
    private readonly options: SharedLiveFeedOptions,
  ) {
    this.pollMs = options.pollMs ?? 500;
    this.overlapMs = options.overlapMs ?? 3_000;
    this.keepMs = options.keepMs ?? 120_000;
    this.readFrom = Date.now();
  }

  private collection() {
    return this.connection.collection<FeedDoc>(LIVE_FEED);
  }

  /** Queues a message this process published for the other processes. */
  publish(tenantId: string, message: LiveMessage): void {
    if (this.stopped) return;
    this.pending.push({ _id: new Types.ObjectId(), tenantId, origin: this.origin, at: Date.now(), message });
    if (!this.writing) this.writing = this.flush();
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, 500);
        await this.collection()
          .insertMany(batch, { ordered: false })
          .catch((error) => this.options.log?.(error));
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Starts reading the other processes' messages. */
  start(): this {
    const tick = async () => {
      try {
        await this.read();
      } catch (error) {
        this.options.log?.(error);
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
    };
    this.timer = setTimeout(tick, this.pollMs);
    this.timer.unref?.();
    return this;
  }

  /** Reads once: what others wrote since the last read (minus the overlap), in their writers' order. */
  async read(): Promise<number> {
    const now = Date.now();
    const from = this.readFrom - this.overlapMs;
    const docs = await this.collection()
      .find({ at: { $gte: from }, origin: { $ne: this.origin } })
      .sort({ at: 1 })
      .limit(5_000)
      .toArray();
    let delivered = 0;
    for (const doc of docs) {
      const id = doc._id.toHexString();
      if (this.seen.has(id)) continue;
      this.seen.set(id, doc.at);
      delivered += 1;
      try {
        this.options.deliver(doc.tenantId, doc.message);
      } catch (error) {
        this.options.log?.(error);
      }
    }
    this.readFrom = Math.max(this.readFrom, now);
    for (const [id, at] of this.seen) if (at < this.readFrom - 2 * this.overlapMs) this.seen.delete(id);
    if (now - this.lastPrune > 30_000) {
      this.lastPrune = now;
      await this.collection().deleteMany({ at: { $lt: now - this.keepMs } });
    }
    return delivered;
  }

  /** Stops reading; what was published is written first. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.writing;
  }
}
