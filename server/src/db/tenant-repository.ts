import type { DocOf, ModelName, Models } from '@iapm/runtime/db';
import { type Model, type PipelineStage, Types } from 'mongoose';
import { forbidden, notFound } from '../http/problem.ts';

/** Collections a firm's requests reach: every tenant-scoped one, plus the firm's users and sessions. */
export type ScopedName = Exclude<ModelName, 'Tenant'>;

/**
 * Who reads through the repository. A firm member (ADMIN, or a system's API key) sees the whole firm; a
 * CLIENT sees only their own workspace: the documents tied to it, the messages meant for them and their
 * notifications — nothing else, whatever the route asks.
 */
export type Viewer = { kind: 'firm' } | { kind: 'client'; userId: string; workspaceId?: string };

type Filter = Record<string, unknown>;

/** For a CLIENT: the extra filter per collection they may read (absent: the collection is refused). */
function clientFilter(name: ScopedName, viewer: Extract<Viewer, { kind: 'client' }>): Filter | undefined {
  // A CLIENT without a workspace sees no case data at all (an impossible id matches nothing).
  const workspaceId = new Types.ObjectId(viewer.workspaceId ?? '000000000000000000000000');
  switch (name) {
    case 'Workspace':
      return { _id: workspaceId };
    case 'ChecklistItem':
    case 'Document':
    case 'Deadline':
    case 'Alert':
    case 'TimelineEvent':
      return { workspaceId };
    case 'Message':
      return { workspaceId, visibleToClient: true };
    case 'Notification':
      return { userId: new Types.ObjectId(viewer.userId) };
    case 'User':
      return { _id: new Types.ObjectId(viewer.userId) };
    default:
      return undefined;
  }
}

/** What a CLIENT may change through the repository: marking their notifications read. */
const CLIENT_WRITABLE = new Set<ScopedName>(['Notification']);

/**
 * One collection seen through a firm's scope: every filter gets the firm's `tenantId` (and, for a CLIENT,
 * their workspace), every created document gets the firm's `tenantId`, and no update can move a document
 * to another firm. A caller's own `tenantId` in a filter is overridden, never trusted.
 */
export class ScopedCollection<T> {
  constructor(
    readonly model: Model<T>,
    private readonly scope: Filter,
    private readonly writable: boolean,
  ) {}

  /** The caller's filter with the scope's fields laid over it (`$and` keeps the caller's own `_id` test). */
  where(filter: Filter = {}): Filter {
    const overlapping = Object.keys(this.scope).some((k) => k !== 'tenantId' && k in filter);
    return overlapping ? { $and: [filter, this.scope] } : { ...filter, ...this.scope };
  }

  find(filter: Filter = {}, projection?: Record<string, 0 | 1>) {
    return this.model.find(this.where(filter) as never, projection);
  }

  findOne(filter: Filter = {}, projection?: Record<string, 0 | 1>) {
    return this.model.findOne(this.where(filter) as never, projection);
  }

  /** The document with this id in scope, or null; an id that is not an ObjectId is a 404. */
  findById(id: string, projection?: Record<string, 0 | 1>) {
    if (!Types.ObjectId.isValid(id) || !/^[0-9a-f]{24}$/i.test(id)) throw notFound();
    return this.model.findOne(this.where({ _id: id }) as never, projection);
  }

  countDocuments(filter: Filter = {}) {
    return this.model.countDocuments(this.where(filter) as never);
  }

  async exists(filter: Filter = {}): Promise<boolean> {
    return (await this.model.exists(this.where(filter) as never)) !== null;
  }

  /** Aggregation starting with the scope's `$match` (values cast here: aggregation does not cast). */
  aggregate<R = unknown>(pipeline: PipelineStage[]) {
    return this.model.aggregate<R>([{ $match: this.where() } as PipelineStage, ...pipeline]);
  }

  async create(doc: Filter) {
    this.assertWritable();
    const [created] = await this.model.create([{ ...doc, ...this.scope }] as never[]);
    return created as NonNullable<typeof created>;
  }

  updateOne(filter: Filter, update: Filter) {
    this.assertWritable();
    return this.model.updateOne(this.where(filter) as never, guard(update) as never);
  }

  updateMany(filter: Filter, update: Filter) {
    this.assertWritable();
    return this.model.updateMany(this.where(filter) as never, guard(update) as never);
  }

  findOneAndUpdate(filter: Filter, update: Filter) {
    this.assertWritable();
    return this.model.findOneAndUpdate(this.where(filter) as never, guard(update) as never, {
      returnDocument: 'after',
    });
  }

  deleteOne(filter: Filter) {
    this.assertWritable();
    return this.model.deleteOne(this.where(filter) as never);
  }

  deleteMany(filter: Filter) {
    this.assertWritable();
    return this.model.deleteMany(this.where(filter) as never);
  }

  private assertWritable(): void {
    if (!this.writable) throw forbidden();
  }
}

/** Refuses an update that would touch the firm of a document (a programming error, not a user's). */
function guard(update: Filter): Filter {
  const touches = (part: unknown) => part !== null && typeof part === 'object' && 'tenantId' in (part as Filter);
  if (touches(update) || Object.values(update).some(touches)) throw new Error('an update may not change tenantId');
  return update;
}

/**
 * The one way the server reads and writes a firm's data: built per request from the authenticated
 * principal (session or API key), so a route only ever holds the repository of its caller's firm and
 * cannot forget the tenant in a query.
 */
export class TenantRepository {
  readonly tenantObjectId: Types.ObjectId;

  constructor(
    private readonly models: Models,
    readonly tenantId: string,
    readonly viewer: Viewer = { kind: 'firm' },
  ) {
    this.tenantObjectId = new Types.ObjectId(tenantId);
  }

  /** A collection of the firm; for a CLIENT, only the collections and documents they may see (else 403). */
  of<N extends ScopedName>(name: N): ScopedCollection<DocOf<N>> {
    const model = this.models[name] as unknown as Model<DocOf<N>>;
    const tenant: Filter = { tenantId: this.tenantObjectId };
    if (this.viewer.kind === 'firm') return new ScopedCollection(model, tenant, true);
    const extra = clientFilter(name, this.viewer);
    if (!extra) throw forbidden();
    return new ScopedCollection(model, { ...tenant, ...extra }, CLIENT_WRITABLE.has(name));
  }

  /** The firm itself (its name, plan, status and settings). */
  tenant() {
    return this.models.Tenant.findById(this.tenantObjectId);
  }

  /** The firm's settings record, for its own members only. */
  async updateTenant(update: Filter): Promise<void> {
    if (this.viewer.kind !== 'firm') throw forbidden();
    await this.models.Tenant.updateOne({ _id: this.tenantObjectId }, guard(update) as never);
  }

  /** The database the firm's collections live in (for platform-wide records such as plans). */
  get connection() {
    return this.models.Tenant.db;
  }
}
