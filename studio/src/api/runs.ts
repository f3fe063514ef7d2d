import { api, jsonBody } from './client.ts';
import type { TraceStep } from './workflows.ts';

export type RunStatus = 'running' | 'waiting' | 'awaiting_validation' | 'succeeded' | 'failed' | 'cancelled';

/** A run in lists (server: `RunService.summary`). */
export interface RunSummary {
  id: string;
  workflowId: string;
  workflowName: string | null;
  version: number;
  status: RunStatus;
  trigger: { eventId: string | null; type: string | null };
  parentRunId: string | null;
  depth: number;
  startedAt: string;
  endedAt: string | null;
  updatedAt: string | null;
  nextWakeAt: string | null;
  error: { code?: string; message?: string; text?: { fr: string; en: string }; pointer?: string } | null;
}

/** A validation request of the inbox (server: `validationView`). */
export interface ValidationView {
  id: string;
  runId: string;
  workflowId: string;
  workflowName: string | null;
  nodeId: string;
  action: string;
  actionLabel: { fr: string; en: string };
  autonomy: 'GREEN' | 'ORANGE' | 'RED';
  status: string;
  urgencyRank: number;
  urgencyLabel: { fr: string; en: string };
  preparedParams: Record<string, unknown>;
  finalParams: Record<string, unknown> | null;
  confidence: number | null;
  provenance: { provider?: string; model?: string; promptVersion?: string } | null;
  /** What the run prepared for the lawyer to read: a document's text, an e-mail, the AI's answer. */
  preview?: unknown;
  workspaceId: string | null;
  /** The case named (its client too) when the request is about a case of the firm. */
  case?: { title: string; reference: string | null; procedureType: string | null; clientName: string | null } | null;
  dueAt: string | null;
  createdAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

/** A run with its event, steps and validations. */
export interface RunDetail extends RunSummary {
  event: { id: string; type: string; payload: Record<string, unknown>; occurredAt: string } | null;
  steps: TraceStep[];
  waitingAt: { nodeId: string; wait: string }[];
  output: Record<string, unknown> | null;
  validations: ValidationView[];
  children: { id: string; workflowId: string; version: number; status: RunStatus; startedAt: string }[];
}

export interface RunFilters {
  workflowId?: string;
  status?: RunStatus[];
  from?: string;
  to?: string;
  /** Page size (1 to 999; the server's default is 50). */
  limit?: number;
}

const query = (f: RunFilters, cursor?: string) => {
  const q = new URLSearchParams();
  if (f.workflowId) q.set('workflowId', f.workflowId);
  if (f.status?.length) q.set('status', f.status.join(','));
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (f.limit) q.set('limit', String(f.limit));
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** The server's run and validation routes, typed. */
export const runsApi = {
  list: (filters: RunFilters, cursor?: string) =>
    api<{ items: RunSummary[]; nextCursor: string | null }>(`/api/runs${query(filters, cursor)}`),
  get: (id: string) => api<RunDetail>(`/api/runs/${encodeURIComponent(id)}`),
  cancel: (id: string) => api<unknown>(`/api/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  retry: (id: string) => api<unknown>(`/api/runs/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
  validations: (status: 'PENDING' | 'decided' | 'all' = 'all') =>
    api<{ items: ValidationView[]; pendingCount: number }>(`/api/validations?status=${status}`),
  decide: (
    id: string,
    body: { decision: 'APPROVED' | 'MODIFIED_APPROVED' | 'REJECTED'; params?: unknown; comment?: string },
  ) =>
    api<ValidationView>(`/api/validations/${encodeURIComponent(id)}/decision`, { method: 'POST', ...jsonBody(body) }),
};
