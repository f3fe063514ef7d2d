const ignore = () => {};

/**
 * Shares reads of one key between concurrent callers without ever answering with a read older than the
 * caller: a read is shared only by callers that arrived before it was sent. A caller that arrives while a
 * read of its key is in flight (sent before it arrived, so possibly before a change it must see) waits for
 * that read to end, then shares the next one with every caller that queued meanwhile.
 *
 * So a quiet server reads at once as before, and a busy one sends at most two reads of a key per round
 * trip however many requests need it — with the same guarantee as a read per request: whatever was written
 * before a request arrived is seen by it (a revoked API key, a newly published workflow).
 * Callers share the value: they must not change it.
 */
export class CoalescedRead<V> {
  private readonly running = new Map<string, Promise<V>>();
  private readonly queued = new Map<string, Promise<V>>();

  get(key: string, read: () => Promise<V>): Promise<V> {
    const queued = this.queued.get(key);
    if (queued) return queued;
    const running = this.running.get(key);
    if (!running) return this.start(key, read);
    const next = running.then(ignore, ignore).then(() => {
      this.queued.delete(key);
      return this.start(key, read);
    });
    this.queued.set(key, next);
    return next;
  }

  private start(key: string, read: () => Promise<V>): Promise<V> {
    let sent: Promise<V>;
    try {
      // A thenable (a mongoose query) becomes a promise; a read that throws fails its callers.
      sent = Promise.resolve(read());
    } catch (error) {
      sent = Promise.reject(error);
    }
    this.running.set(key, sent);
    sent
      .finally(() => {
        if (this.running.get(key) === sent) this.running.delete(key);
      })
      .catch(ignore);
    return sent;
  }
}
