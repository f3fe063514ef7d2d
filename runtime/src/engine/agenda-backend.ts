import { createHash, randomBytes } from 'node:crypto';
import {
  type AgendaBackend,
  computeJobState,
  InMemoryNotificationChannel,
  type JobId,
  type JobParameters,
  type JobRepository,
  type JobRepositoryOptions,
  type JobsOverview,
  type JobsQueryOptions,
  type JobsResult,
  type RemoveJobsOptions,
} from 'agenda';
import type { Connection } from 'mongoose';
import { claimOnce } from '../db/claims.ts';

/** A stored job: Agenda's job parameters (absent values stored as null) and the lock counter. */
interface JobDoc {
  _id: string;
  name: string;
  nextRunAt?: Date | null;
  lockedAt?: Date | null;
  disabled?: boolean | null;
  priority?: number | null;
  /** How many times the job was locked (each lock claims the next number). */
  lockSeq?: number;
  [field: string]: unknown;
}

/** What the repository keeps in memory about each job to find the due ones without querying. */
interface IndexEntry {
  name: string;
  nextRunAt: number | null;
  lockedAt: number | null;
  disabled: boolean;
  priority: number;
  lockSeq: number;
}

/** The `_id` of a job saved with `unique(criteria)`: the same criteria always give the same job. */
export function uniqueJobId(name: string, unique: Record<string, unknown>): string {
  const canonical = JSON.stringify(unique, Object.keys(unique).sort());
  return `${name}:${createHash('sha256').update(canonical).digest('hex').slice(0, 24)}`;
}

const time = (d: Date | string | null | undefined) => (d ? new Date(d).getTime() : null);

/**
 * Agenda's job storage for a database where only lookups by `_id` are indexed and conditional updates are not
 * atomic across clients (FerretDB v1, see docs/database.md) — correct on MongoDB too.
 *
 * - Every job has a string `_id`; a job saved with `unique(criteria)` gets one derived from its name and
 *   criteria, so saving it again is an upsert by `_id` and cancelling it needs no query.
 * - Finding the due jobs does not query: the repository keeps an index of every job's name, `nextRunAt`,
 *   `lockedAt` and `disabled`, kept up to date by its own writes and refreshed from the collection every
 *   `refreshEveryMs` (30 s by default: what another process scheduled is seen within that time — that process
 *   runs its own jobs; the refresh matters when it has died, or for jobs due soon after they were created).
 * - Locking a job is a unique insert into `claims` of the job's next lock number (`lockSeq + 1`): of any
 *   number of processes, exactly one takes a given lock, and a process whose index is behind fails to. A
 *   claim older than the lock lifetime is an expired lock: the next number is claimed.
 * - `removeCompleted` names the job types whose one-off jobs are deleted once they have run successfully,
 *   so that the collection (and the refresh) holds only what is still to come.
 */
export class ClaimJobRepository implements JobRepository {
  private readonly index = new Map<string, IndexEntry>();
  /** Job id → when this process last wrote it (a refresh that started earlier does not overwrite it). */
  private readonly touched = new Map<string, number>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly owner = `agenda-${randomBytes(4).toString('hex')}`;
  /** Jobs this process is locking right now (concurrent passes of Agenda must not both try). */
  private readonly locking = new Set<string>();
  /** The search in progress per job type (searches of one type run one after the other). */
  private readonly searching = new Map<string, Promise<unknown>>();
  /** Jobs this process holds the lock of, with the lock number it claimed. */
  private readonly held = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly options: { collection?: string; refreshEveryMs?: number; removeCompleted?: string[] } = {},
  ) {}

  private get jobs() {
    return this.connection.collection<JobDoc>(this.options.collection ?? 'scheduled_jobs');
  }

  async connect(): Promise<void> {
    await this.refresh();
    const every = this.options.refreshEveryMs ?? 30_000;
    // One refresh at a time: under load a scan can take longer than the interval.
    let running = false;
    this.refreshTimer = setInterval(() => {
      if (running) return;
      running = true;
      this.refresh()
        .catch(() => {})
        .finally(() => {
          running = false;
        });
    }, every);
    this.refreshTimer.unref();
  }

  disconnect(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  /** Reloads the index from the collection (jobs written here since the reload began are kept as they are). */
  async refresh(): Promise<void> {
    const startedAt = Date.now();
    const docs = await this.jobs
      .find({}, { projection: { name: 1, nextRunAt: 1, lockedAt: 1, disabled: 1, priority: 1, lockSeq: 1 } })
      .toArray();
    const seen = new Set<string>();
    for (const doc of docs) {
      seen.add(doc._id);
      if ((this.touched.get(doc._id) ?? 0) >= startedAt) continue;
      this.remember(doc, true);
    }
    for (const id of this.index.keys()) {
      if (!seen.has(id) && (this.touched.get(id) ?? 0) < startedAt) this.index.delete(id);
    }
    for (const [id, at] of this.touched) if (at < startedAt) this.touched.delete(id);
  }

  /**
   * Records what is known of a job: a document read from the collection (`stored`), or the fields this
   * process has just written. A stored document older than the lock this process already knows of (smaller
   * `lockSeq`) does not bring the lock fields back.
   */
  private remember(doc: Partial<JobDoc> & { _id: string }, stored = false): void {
    const known = this.index.get(doc._id);
    const incomingSeq = stored || 'lockSeq' in doc ? Number(doc.lockSeq ?? 0) : (known?.lockSeq ?? 0);
    const stale = known !== undefined && incomingSeq < known.lockSeq;
    this.index.set(doc._id, {
      name: doc.name ?? known?.name ?? '',
      nextRunAt: 'nextRunAt' in doc ? time(doc.nextRunAt) : (known?.nextRunAt ?? null),
      lockedAt: 'lockedAt' in doc && !stale ? time(doc.lockedAt) : (known?.lockedAt ?? null),
      disabled: 'disabled' in doc ? Boolean(doc.disabled) : (known?.disabled ?? false),
      priority: 'priority' in doc ? Number(doc.priority ?? 0) : (known?.priority ?? 0),
      lockSeq: stale ? (known?.lockSeq ?? 0) : incomingSeq,
    });
    this.touched.set(doc._id, Date.now());
  }

  private forget(id: string): void {
    this.index.delete(id);
    this.touched.set(id, Date.now());
  }

  async getNextJobToRun(
    jobName: string,
    nextScanAt: Date,
    lockDeadline: Date,
    now: Date | undefined,
    _options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters | undefined> {
    // One search per job type at a time: Agenda's passes overlap when locking takes longer than its polling
    // interval, and parallel searches would only race for the same jobs and crowd the database.
    const before = this.searching.get(jobName) ?? Promise.resolve();
    let done = () => {};
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    this.searching.set(
      jobName,
      before.then(() => mine),
    );
    await before;
    try {
      return await this.findAndLock(jobName, nextScanAt, lockDeadline, now);
    } finally {
      done();
    }
  }

  private async findAndLock(
    jobName: string,
    nextScanAt: Date,
    lockDeadline: Date,
    now: Date | undefined,
  ): Promise<JobParameters | undefined> {
    const scanAt = nextScanAt.getTime();
    const deadline = lockDeadline.getTime();
    const candidates = [...this.index.entries()]
      .filter(
        ([, e]) =>
          e.name === jobName &&
          !e.disabled &&
          ((e.lockedAt === null && e.nextRunAt !== null && e.nextRunAt <= scanAt) ||
            (e.lockedAt !== null && e.lockedAt <= deadline)),
      )
      .sort(([, a], [, b]) => (a.nextRunAt ?? 0) - (b.nextRunAt ?? 0) || b.priority - a.priority)
      // Each candidate is locked as it was seen here (other calls may change the index meanwhile).
      .map(([id, e]) => [id, { ...e }] as const);
    for (const [id, entry] of candidates) {
      if (this.locking.has(id)) continue;
      const locked = await this.lock(id, entry, now ?? new Date(), deadline);
      if (!locked) continue;
      const due = locked.nextRunAt && new Date(locked.nextRunAt).getTime() <= scanAt && !locked.disabled;
      const expired = entry.lockedAt !== null;
      if (due || expired) return toParameters(locked);
      // The index was behind (rescheduled elsewhere): give the lock back.
      await this.release(id);
    }
    return undefined;
  }

  /**
   * Locks job `id` by claiming its next lock number. A number already claimed by a lock that is still
   * alive means the job is locked; one claimed before `deadline` is an expired lock, and the next number is
   * tried. The lock itself is not written to the job: Agenda's own state saves carry it when needed (see
   * `saveJobState`), and other processes learn of it from the claim.
   */
  private async lock(id: string, entry: IndexEntry, lockTime: Date, deadline: number): Promise<JobDoc | undefined> {
    this.locking.add(id);
    try {
      let lockSeq = entry.lockSeq + 1;
      for (let attempt = 0; attempt < 8; attempt++, lockSeq++) {
        const claim = await claimOnce(this.connection, `agenda:${id}:${lockSeq}`, this.owner);
        if (claim.claimed) return await this.lockedDoc(id, lockSeq, lockTime);
        const takenAt = claim.existing?.claimedAt ? new Date(claim.existing.claimedAt).getTime() : lockTime.getTime();
        if (takenAt > deadline) {
          // Locked elsewhere (or by a concurrent call here): skip it until that lock ends or expires.
          const live = this.index.get(id);
          if (live && live.lockSeq < lockSeq) {
            live.lockSeq = lockSeq;
            live.lockedAt = takenAt;
          }
          return undefined;
        }
      }
      return undefined;
    } finally {
      this.locking.delete(id);
    }
  }

  private async lockedDoc(id: string, lockSeq: number, lockTime: Date): Promise<JobDoc | undefined> {
    const doc = await this.jobs.findOne({ _id: id });
    if (!doc) {
      this.forget(id);
      return undefined;
    }
    this.held.set(id, lockSeq);
    const locked = { ...doc, lockedAt: lockTime, lockSeq };
    this.remember(locked, true);
    return locked;
  }

  /** Gives a lock back: the job can be locked again at once (with the next number). */
  private async release(id: string): Promise<void> {
    const lockSeq = this.held.get(id);
    this.held.delete(id);
    await this.jobs.updateOne({ _id: id }, { $set: { lockedAt: null, ...(lockSeq ? { lockSeq } : {}) } });
    this.remember({ _id: id, lockedAt: null, ...(lockSeq ? { lockSeq } : {}) });
  }

  async lockJob(job: JobParameters, _options: JobRepositoryOptions | undefined): Promise<JobParameters | undefined> {
    if (!job._id) return undefined;
    const current = await this.jobs.findOne({ _id: String(job._id) });
    if (!current || current.lockedAt || current.disabled || time(current.nextRunAt) !== time(job.nextRunAt)) {
      return undefined;
    }
    this.remember(current, true);
    const entry = this.index.get(String(job._id)) as IndexEntry;
    // Only a lock older than ten minutes is taken over here (Agenda gives this call no lock lifetime).
    const locked = await this.lock(String(job._id), { ...entry }, new Date(), Date.now() - 600_000);
    return locked ? toParameters(locked) : undefined;
  }

  async unlockJob(job: JobParameters): Promise<void> {
    if (!job._id) return;
    const id = String(job._id);
    const current = await this.jobs.findOne({ _id: id }, { projection: { nextRunAt: 1 } });
    if (!current?.nextRunAt) {
      this.held.delete(id);
      return;
    }
    await this.release(id);
  }

  async unlockJobs(jobIds: (JobId | string)[]): Promise<void> {
    for (const id of jobIds) await this.release(String(id));
  }

  async saveJobState(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<void> {
    if (!job._id) throw new Error('Cannot save job state without job ID');
    const id = String(job._id);
    const oneOff = this.options.removeCompleted?.includes(job.name) && !job.repeatInterval && !job.repeatAt;
    const finished = job.lastFinishedAt && (!job.lastRunAt || job.lastFinishedAt >= job.lastRunAt);
    if (oneOff && !job.nextRunAt && finished && !job.failedAt && !job.lockedAt) {
      // Done: removed, so that the collection holds only what is still to come.
      await this.jobs.deleteOne({ _id: id });
      this.held.delete(id);
      this.forget(id);
      return;
    }
    if (oneOff && job.lockedAt && !finished) {
      // Started (or touched) under this process's lock: the claim already tells other processes; a job
      // removed once done needs no record of having started.
      this.remember({ _id: id, name: job.name, nextRunAt: job.nextRunAt ?? null, lockedAt: new Date(job.lockedAt) });
      return;
    }
    const lockSeq = this.held.get(id);
    if (!job.lockedAt) this.held.delete(id);
    const $set = {
      lockedAt: job.lockedAt ? new Date(job.lockedAt) : null,
      nextRunAt: job.nextRunAt ? new Date(job.nextRunAt) : null,
      lastRunAt: job.lastRunAt ? new Date(job.lastRunAt) : null,
      progress: job.progress ?? null,
      failReason: job.failReason ?? null,
      failCount: job.failCount ?? null,
      failedAt: job.failedAt ? new Date(job.failedAt) : null,
      lastFinishedAt: job.lastFinishedAt ? new Date(job.lastFinishedAt) : null,
      lastModifiedBy: options?.lastModifiedBy ?? null,
      ...(lockSeq ? { lockSeq } : {}),
    };
    // A job removed while it ran (a cancelled wake) has nothing left to update.
    await this.jobs.updateOne({ _id: id }, { $set });
    this.remember({ _id: id, name: job.name, ...$set });
  }

  async saveJob<DATA = unknown>(
    job: JobParameters<DATA>,
    options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters<DATA>> {
    const { _id, unique, uniqueOpts, ...props } = job;
    if (uniqueOpts?.debounce) throw new Error('debounced jobs are not supported by this job store');
    const fields = {
      ...props,
      lockedAt: props.lockedAt ?? null,
      lastFinishedAt: props.lastFinishedAt ?? null,
      failedAt: props.failedAt ?? null,
      failCount: props.failCount ?? null,
      failReason: props.failReason ?? null,
      repeatTimezone: props.repeatTimezone ?? null,
      lastRunAt: props.lastRunAt ?? null,
      repeatInterval: props.repeatInterval ?? null,
      repeatAt: props.repeatAt ?? null,
      disabled: props.disabled ?? null,
      progress: props.progress ?? null,
      lastModifiedBy: options?.lastModifiedBy ?? null,
    } as Record<string, unknown>;
    if (_id) {
      const doc = await this.jobs.findOneAndUpdate({ _id: String(_id) }, { $set: fields }, { returnDocument: 'after' });
      if (!doc) return job;
      this.remember(doc);
      return toParameters(doc) as JobParameters<DATA>;
    }
    let id: string;
    let update: Record<string, unknown> = { $set: fields };
    if (props.type === 'single') {
      id = `single:${props.name}`;
      // A due time already passed is kept from the first save (Agenda's "single" semantics).
      if (props.nextRunAt && props.nextRunAt <= new Date()) {
        const { nextRunAt, ...rest } = fields;
        update = { $set: rest, $setOnInsert: { nextRunAt } };
      }
    } else if (unique) {
      id = uniqueJobId(props.name, unique);
      if (uniqueOpts?.insertOnly) update = { $setOnInsert: fields };
    } else {
      id = randomBytes(12).toString('hex');
    }
    const doc = await this.upsert(id, update);
    this.remember(doc);
    return toParameters(doc) as JobParameters<DATA>;
  }

  /** Upsert by `_id`, retried once when another process inserted the same job at the same moment. */
  private async upsert(id: string, update: Record<string, unknown>): Promise<JobDoc> {
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.jobs.findOneAndUpdate({ _id: id }, update, { upsert: true, returnDocument: 'after' });
        if (doc) return doc;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000 || attempt > 0) throw error;
      }
      if (attempt > 0) throw new Error(`job ${id} could not be saved`);
    }
  }

  async getJobById(id: string): Promise<JobParameters | null> {
    const doc = await this.jobs.findOne({ _id: id });
    return doc ? toParameters(doc) : null;
  }

  async removeJobs(options: RemoveJobsOptions): Promise<number> {
    const ids = options.id ? [String(options.id)] : options.ids?.map(String);
    if (ids && !options.name && !options.names && !options.notNames && options.data === undefined) {
      let removed = 0;
      for (const id of ids) {
        removed += (await this.jobs.deleteOne({ _id: id })).deletedCount;
        this.forget(id);
      }
      return removed;
    }
    const matching = await this.matching(options);
    if (matching === undefined) return 0;
    for (const doc of matching) {
      await this.jobs.deleteOne({ _id: doc._id });
      this.forget(doc._id);
    }
    return matching.length;
  }

  async disableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, true);
  }

  async enableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, false);
  }

  private async setDisabled(options: RemoveJobsOptions, disabled: boolean): Promise<number> {
    const matching = await this.matching(options);
    for (const doc of matching ?? []) {
      await this.jobs.updateOne({ _id: doc._id }, { $set: { disabled } });
      this.remember({ _id: doc._id, disabled });
    }
    return matching?.length ?? 0;
  }

  /** Jobs matching the options (undefined when the options name no criterion: nothing is affected then). */
  private async matching(options: RemoveJobsOptions): Promise<JobDoc[] | undefined> {
    const filter: Record<string, unknown> = {};
    if (options.id) filter._id = String(options.id);
    else if (options.ids?.length) filter._id = { $in: options.ids.map(String) };
    if (typeof options.name === 'string') filter.name = options.name;
    else if (options.names?.length) filter.name = { $in: options.names.filter((n) => typeof n === 'string') };
    else if (options.notNames?.length) filter.name = { $nin: options.notNames.filter((n) => typeof n === 'string') };
    if (options.data !== undefined) Object.assign(filter, dataFilter(options.data));
    if (Object.keys(filter).length === 0) return undefined;
    return this.jobs.find(filter).toArray();
  }

  async purgeAllJobs(): Promise<number> {
    const result = await this.jobs.deleteMany({});
    for (const id of [...this.index.keys()]) this.forget(id);
    return result.deletedCount;
  }

  async queryJobs(options: JobsQueryOptions = {}): Promise<JobsResult> {
    const filter: Record<string, unknown> = {};
    if (options.id) filter._id = options.id;
    else if (options.ids?.length) filter._id = { $in: options.ids };
    if (options.name) filter.name = options.name;
    else if (options.names?.length) filter.name = { $in: options.names };
    if (options.data !== undefined) Object.assign(filter, dataFilter(options.data));
    const now = new Date();
    let jobs = (await this.jobs.find(filter).toArray()).map((doc) => {
      const parameters = toParameters(doc);
      return { ...parameters, _id: parameters._id as JobId, state: computeJobState(parameters, now) };
    });
    if (options.includeDisabled === false) jobs = jobs.filter((j) => !j.disabled);
    if (options.search) {
      const needle = options.search.toLowerCase();
      jobs = jobs.filter((j) => j.name.toLowerCase().includes(needle));
    }
    if (options.state) jobs = jobs.filter((j) => j.state === options.state);
    const order = Object.entries(options.sort ?? { nextRunAt: 'desc', lastRunAt: 'desc' }) as [string, string][];
    jobs.sort((a, b) => {
      for (const [field, direction] of order) {
        const x = (a as Record<string, unknown>)[field];
        const y = (b as Record<string, unknown>)[field];
        const cmp = compare(x, y);
        if (cmp !== 0) return direction === 'asc' ? cmp : -cmp;
      }
      return 0;
    });
    const skip = options.skip ?? 0;
    return { jobs: jobs.slice(skip, options.limit ? skip + options.limit : undefined), total: jobs.length };
  }

  async getJobsOverview(): Promise<JobsOverview[]> {
    const { jobs } = await this.queryJobs();
    const byName = new Map<string, JobsOverview>();
    for (const job of jobs) {
      const overview = byName.get(job.name) ?? {
        name: job.name,
        total: 0,
        running: 0,
        scheduled: 0,
        queued: 0,
        completed: 0,
        failed: 0,
        repeating: 0,
        paused: 0,
      };
      overview.total += 1;
      overview[job.state] += 1;
      byName.set(job.name, overview);
    }
    return [...byName.values()];
  }

  async getDistinctJobNames(): Promise<string[]> {
    return [...new Set([...this.index.values()].map((e) => e.name))].sort();
  }

  async getQueueSize(): Promise<number> {
    const now = Date.now();
    return [...this.index.values()].filter((e) => e.nextRunAt !== null && e.nextRunAt < now).length;
  }
}

/** Agenda's backend over `ClaimJobRepository`, with in-process notifications (a job due soon runs at once). */
export class ClaimBackend implements AgendaBackend {
  readonly name = 'claims';
  readonly repository: ClaimJobRepository;
  readonly notificationChannel = new InMemoryNotificationChannel();
  readonly ownsConnection = false;

  constructor(connection: Connection, options: ConstructorParameters<typeof ClaimJobRepository>[1] = {}) {
    this.repository = new ClaimJobRepository(connection, options);
  }

  async connect(): Promise<void> {
    await this.repository.connect();
  }

  async disconnect(): Promise<void> {
    this.repository.disconnect();
  }
}

function toParameters(doc: JobDoc): JobParameters {
  const { _id, ...rest } = doc;
  const parameters = { ...rest, _id: _id as JobId } as JobParameters & Record<string, unknown>;
  for (const key of Object.keys(parameters)) if (parameters[key] === null) delete parameters[key];
  parameters.nextRunAt = doc.nextRunAt ? new Date(doc.nextRunAt) : null;
  return parameters;
}

/** `{a: {b: 1}}` → `{'data.a.b': 1}` (a partial match on the job's data). */
function dataFilter(data: unknown): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { data };
  const filter: Record<string, unknown> = {};
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    } else filter[path] = value;
  };
  walk(data, 'data');
  return filter;
}

function compare(x: unknown, y: unknown): number {
  if (x === y) return 0;
  if (x === undefined || x === null) return -1;
  if (y === undefined || y === null) return 1;
  const a = x instanceof Date ? x.getTime() : x;
  const b = y instanceof Date ? y.getTime() : y;
  return a < b ? -1 : a > b ? 1 : 0;
}
