import { isProblem, type Problem } from '../../api/client.ts';
import type { DraftConflict } from '../../api/workflows.ts';
import type { Doc } from '../model/document.ts';

/** Where the draft stands against the server. */
export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'error' | 'conflict';

export interface SaverState {
  status: SaveStatus;
  /** The server's revision of the draft the editor last saw. */
  revision: number;
  /** The document as last stored by the server (the base of a merge). */
  savedDoc: Doc;
  conflict?: { mine: Doc; current: DraftConflict['current'] };
  error?: Problem;
  /** When the next attempt after an error is due (ms since epoch). */
  retryAt?: number;
}

/** Stores a draft made on a revision; resolves with the new revision or rejects with the server's problem. */
export type SaveDraft = (revision: number, doc: Doc) => Promise<{ revision: number }>;

export const AUTOSAVE_DELAY_MS = 1200;
const RETRY_DELAYS_MS = [2000, 5000, 10_000, 30_000, 60_000];

/**
 * Autosave of one draft: a change is saved AUTOSAVE_DELAY_MS after the last edit, one request at a time
 * (edits made meanwhile are saved right after). A failure is retried with growing delays; a 409
 * `draft-conflict` stops saving until the conflict is resolved (`resolve`), keeping both versions.
 */
export class DraftSaver {
  private state: SaverState;
  private latest: Doc;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private failures = 0;
  private readonly listeners = new Set<(s: SaverState) => void>();

  constructor(
    private readonly save: SaveDraft,
    revision: number,
    savedDoc: Doc,
  ) {
    this.state = { status: 'saved', revision, savedDoc };
    this.latest = savedDoc;
  }

  getState(): SaverState {
    return this.state;
  }

  subscribe(listener: (s: SaverState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells the saver about the editor's current document. */
  update(doc: Doc): void {
    this.latest = doc;
    if (this.state.status === 'conflict') return;
    if (doc === this.state.savedDoc) {
      if (this.state.status === 'dirty') this.set({ status: 'saved' });
      return;
    }
    if (this.state.status === 'saved') this.set({ status: 'dirty' });
    if (this.state.status !== 'error') this.schedule(AUTOSAVE_DELAY_MS);
  }

  /** Saves now; resolves true when the server holds the current document. */
  async flush(): Promise<boolean> {
    this.clearTimer();
    while (this.state.status !== 'conflict' && this.latest !== this.state.savedDoc) {
      if (this.inFlight) await this.inFlight;
      else await this.run();
      if (this.state.status === 'error') return false;
    }
    if (this.inFlight) await this.inFlight;
    return this.state.status === 'saved';
  }

  /** Ends a conflict: `doc` is what the editor now holds, made on the server's `revision` (saved next). */
  resolve(doc: Doc, revision: number, theirs: Doc): void {
    this.latest = doc;
    const { conflict: _c, error: _e, ...rest } = this.state;
    this.state = { ...rest, status: doc === theirs ? 'saved' : 'dirty', revision, savedDoc: theirs };
    this.emit();
    if (doc !== theirs) this.schedule(0);
  }

  /** Whether something is not on the server yet. */
  get unsaved(): boolean {
    return this.state.status !== 'saved';
  }

  dispose(): void {
    this.clearTimer();
    this.listeners.clear();
  }

  private schedule(delay: number) {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.inFlight) void this.run();
    }, delay);
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): Promise<void> {
    const doc = this.latest;
    const revision = this.state.revision;
    this.set({ status: 'saving' });
    this.inFlight = this.save(revision, doc).then(
      (saved) => {
        this.failures = 0;
        const { error: _e, retryAt: _r, ...rest } = this.state;
        this.state = {
          ...rest,
          revision: saved.revision,
          savedDoc: doc,
          status: doc === this.latest ? 'saved' : 'dirty',
        };
        this.emit();
        if (doc !== this.latest) this.schedule(0);
      },
      (problem: unknown) => {
        if (isProblem(problem) && problem.status === 409 && problem.code === 'draft-conflict') {
          const current = (problem as unknown as DraftConflict).current;
          this.set({ status: 'conflict', conflict: { mine: this.latest, current } });
          return;
        }
        const delay = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length - 1)] as number;
        this.failures += 1;
        const error: Problem = isProblem(problem)
          ? problem
          : { status: 0, code: 'unknown', message: { fr: String(problem), en: String(problem) } };
        this.set({ status: 'error', error, retryAt: Date.now() + delay });
        this.schedule(delay);
      },
    );
    const done = this.inFlight.finally(() => {
      this.inFlight = undefined;
    });
    this.inFlight = done;
    return done;
  }

  private set(patch: Partial<SaverState>) {
    this.state = { ...this.state, ...patch };
    this.emit();
  }

  private emit() {
    for (const l of this.listeners) l(this.state);
  }
}
