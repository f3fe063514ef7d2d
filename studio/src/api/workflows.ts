import type { Issue, WorkflowDocument } from '@iapm/schemas';
import { api, jsonBody } from './client.ts';

/** A workflow in lists (server: `workflowSummary`). */
export interface WorkflowSummary {
  id: string;
  name: string;
  description: string | null;
  procedure: string | null;
  status: 'draft' | 'published' | 'archived';
  enabled: boolean;
  revision: number;
  publishedVersion: number | null;
  triggerEvent: string | null;
  triggerCron: string | null;
  presetId: string | null;
  archivedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** A workflow with its draft and the draft's current issues. */
export interface WorkflowDetail extends WorkflowSummary {
  draft: WorkflowDocument;
  draftUpdatedBy: string | null;
  issues: Issue[];
}

/** The body of a 409 `draft-conflict`: the stored draft and the one that was sent. */
export interface DraftConflict {
  current: { revision: number; document: WorkflowDocument; updatedAt: string | null; updatedBy: string | null };
  yours: { revision: number; document: WorkflowDocument };
}

export interface VersionView {
  version: number;
  publishedAt: string;
  publishedBy: { id: string; kind: string; name: string } | null;
  note: string | null;
  restoredFrom: number | null;
}

export interface ValueChange {
  pointer: string;
  before?: unknown;
  after?: unknown;
}

interface NodeRef {
  id: string;
  kind?: string;
  label?: string;
  action?: string;
}

/** The server's structured difference between two documents. */
export interface ServerDiff {
  from: string;
  to: string;
  identical: boolean;
  fields: ValueChange[];
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: (NodeRef & { changes: ValueChange[] })[]; moved: string[] };
  edges: {
    added: { id: string; source: string; target: string; port?: string }[];
    removed: { id: string; source: string; target: string; port?: string }[];
    changed: { id: string }[];
  };
  params: {
    added: { nodeId: string; key: string; after: unknown }[];
    removed: { nodeId: string; key: string; before: unknown }[];
    changed: { nodeId: string; key: string; before: unknown; after: unknown }[];
  };
}

/** A step of a run's trace (the runtime's `Step`). */
export interface TraceStep {
  nodeId: string;
  kind: string;
  action?: string;
  status: 'running' | 'succeeded' | 'failed' | 'skipped' | 'waiting' | 'awaiting_validation' | 'cancelled';
  port?: string;
  autonomy?: 'GREEN' | 'ORANGE' | 'RED';
  validation?: { status: string; decidedBy?: string; decidedAt?: string; comment?: string };
  at: string;
  endedAt?: string;
  wakeAt?: string;
  attempt?: number;
  input?: unknown;
  output?: unknown;
  error?: StepErrorView;
  simulated?: boolean;
}

/** The result of a sandbox run. */
export interface Trace {
  status: 'succeeded' | 'failed' | 'cancelled' | 'waiting' | 'awaiting_validation';
  startedAt: string;
  endedAt: string;
  steps: TraceStep[];
  effects: { nodeId?: string; type: string; at: string; params: unknown }[];
  output?: Record<string, unknown>;
  error?: StepErrorView;
}

/** Why a step or a run failed: `text` (in words) and `pointer` only on runs recorded since they exist. */
export interface StepErrorView {
  code: string;
  message: string;
  text?: { fr: string; en: string };
  pointer?: string;
}

export type Decision = 'APPROVED' | 'REJECTED' | 'MODIFIED_APPROVED';

/** A test run's request (the API's `TestRunBody`). */
export interface TestRunRequest {
  event: { type: string; payload: Record<string, unknown> };
  at?: string;
  decisions?: Record<string, Decision>;
}

const enc = encodeURIComponent;

/** The server's workflow routes, typed. */
export const workflowsApi = {
  /** Workflows that are not archived (or all of them). */
  list: (which: 'active' | 'all' = 'active') =>
    api<{ items: WorkflowSummary[] }>(`/api/workflows${which === 'all' ? '?status=all' : ''}`).then((r) => r.items),
  get: (id: string) => api<WorkflowDetail>(`/api/workflows/${enc(id)}`),
  create: (name: string, document?: Partial<WorkflowDocument>) =>
    api<WorkflowDetail>('/api/workflows', { method: 'POST', ...jsonBody({ name, ...(document ? { document } : {}) }) }),
  import: (document: unknown) =>
    api<WorkflowDetail>('/api/workflows/import', { method: 'POST', ...jsonBody(document) }),
  saveDraft: (id: string, revision: number, document: WorkflowDocument) =>
    api<WorkflowDetail>(`/api/workflows/${enc(id)}/draft`, { method: 'PUT', ...jsonBody({ revision, document }) }),
  publish: (id: string, revision: number, note?: string) =>
    api<{ workflow: WorkflowSummary; version: VersionView; warnings: Issue[] }>(`/api/workflows/${enc(id)}/publish`, {
      method: 'POST',
      ...jsonBody({ revision, ...(note ? { note } : {}) }),
    }),
  versions: (id: string) => api<{ items: VersionView[] }>(`/api/workflows/${enc(id)}/versions`).then((r) => r.items),
  version: (id: string, n: number) =>
    api<VersionView & { document: WorkflowDocument }>(`/api/workflows/${enc(id)}/versions/${n}`),
  diff: (id: string, from: string, to: string) =>
    api<ServerDiff>(`/api/workflows/${enc(id)}/diff?from=${enc(from)}&to=${enc(to)}`),
  testRun: (id: string, body: TestRunRequest) =>
    api<{ source: string; trace: Trace; warnings: Issue[] }>(`/api/workflows/${enc(id)}/test-runs`, {
      method: 'POST',
      ...jsonBody(body),
    }),
  rollback: (id: string, version: number, note?: string) =>
    api<{ workflow: WorkflowSummary; version: VersionView }>(`/api/workflows/${enc(id)}/rollback`, {
      method: 'POST',
      ...jsonBody({ version, ...(note ? { note } : {}) }),
    }),
};
