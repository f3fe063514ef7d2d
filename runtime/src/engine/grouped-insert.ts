import type { Collection, Document } from 'mongodb';

interface Pending<T> {
  doc: T;
  resolve: (outcome: 'inserted' | 'duplicate') => void;
  reject: (error: unknown) => void;
}

/**
 * Inserts documents of concurrent callers together (group commit): a document handed over while no write
 * is in flight goes out on the next turn of the event loop with whatever else arrived in that turn; those
 * handed over while a write is in flight go out together as soon as it ends (`insertMany`, unordered, at
 * most `maxBatch` at once). So a quiet server adds no delay, and a busy one makes one round trip for many
 * documents instead of one each — on FerretDB v1, whose single writer serialises every write, that is most
 * of the cost of an accepted event.
 *
 * Each caller's promise settles with its own document's outcome, only once the write that carried it was
 * acknowledged: 'inserted', 'duplicate' (its unique `_id` or key already exists — code 11000), or the
 * error of that document (or of the whole write when the database did not say which documents failed).
 */
export class GroupedInsert<T extends Document> {
  private queue: Pending<T>[] = [];
  private writing = false;

  constructor(
    private readonly collection: () => Collection<T>,
    private readonly maxBatch = 100,
  ) {}

  insert(doc: T): Promise<'inserted' | 'duplicate'> {
    return new Promise((resolve, reject) => {
      this.queue.push({ doc, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.write(this.queue.splice(0, this.maxBatch));
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Pending<T>[]): Promise<void> {
    try {
      // biome-ignore lint/suspicious/noExplicitAny: the driver's OptionalUnlessRequiredId of a generic T
      await this.collection().insertMany(batch.map((p) => p.doc) as any[], { ordered: false });
      for (const p of batch) p.resolve('inserted');
    } catch (error) {
      const failures = writeErrorsOf(error);
      if (!failures && batch.length === 1 && (error as { code?: number }).code === 11000) {
        batch[0]?.resolve('duplicate');
        return;
      }
      if (!failures) {
        for (const p of batch) p.reject(error);
        return;
      }
      for (const [i, p] of batch.entries()) {
        const failure = failures.get(i);
        if (!failure) p.resolve('inserted');
        else if (failure.code === 11000) p.resolve('duplicate');
        else p.reject(Object.assign(new Error(failure.errmsg ?? 'insert failed'), { code: failure.code }));
      }
    }
  }
}

/** The per-document failures of a bulk write error, by the index of the document; undefined otherwise. */
function writeErrorsOf(error: unknown): Map<number, { code?: number; errmsg?: string }> | undefined {
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  if (raw === undefined) return undefined;
  const list = (Array.isArray(raw) ? raw : [raw]) as { index?: number; code?: number; errmsg?: string }[];
  const failures = new Map<number, { code?: number; errmsg?: string }>();
  for (const w of list) {
    if (typeof w.index !== 'number') return undefined;
    failures.set(w.index, {
      ...(w.code !== undefined ? { code: w.code } : {}),
      ...(w.errmsg ? { errmsg: w.errmsg } : {}),
    });
  }
  return failures;
}
