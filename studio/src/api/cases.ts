import type { PresetCard, PresetScenario, WorkflowDocument } from '@iapm/schemas';
import { api, isProblem, jsonBody } from './client.ts';
import type { WorkflowDetail } from './workflows.ts';

/** A preset's card in the gallery (server: `summarize`). */
export interface PresetSummary extends PresetCard {
  trigger: { event?: string; cron?: string };
  nodeCount: number;
  gates: { orange: number; red: number };
  samples: string[];
  scenarios: { file: string; title: string }[];
}

/** A sample event shipped with a preset. */
export interface PresetSampleEvent {
  type: string;
  occurredAt?: string;
  payload: Record<string, unknown>;
}

/** One preset with its workflow, sample events and scenarios. */
export interface PresetDetail extends Omit<PresetSummary, 'samples' | 'scenarios'> {
  workflow: WorkflowDocument;
  samples: { file: string; event: PresetSampleEvent }[];
  scenarios: { file: string; scenario: PresetScenario }[];
}

export type Urgency = 'faible' | 'moyen' | 'eleve' | 'critique';

/** A case in lists (server: `workspaceView` with the client's name). */
export interface WorkspaceSummary {
  id: string;
  clientId: string | null;
  client: { id: string; firstName: string; lastName: string } | null;
  title: string;
  reference: string | null;
  procedureType: string;
  situation: string | null;
  status: string;
  urgency: Urgency;
  priority: string;
  decisionDate: string | null;
  notificationDate: string | null;
  deadlineDate: string | null;
  assigneeId: string | null;
  tags: string[];
  archivedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** A deadline of a case. */
export interface DeadlineView {
  id: string;
  workspaceId: string | null;
  ruleId: string | null;
  label: string;
  dueAt: string;
  alertAt: string | null;
  printedDueAt: string | null;
  variants: { label: string | null; dueAt: string | null }[];
  urgency: Urgency;
  status: 'open' | 'met' | 'missed' | 'cancelled';
  legalRef: string | null;
  closedAt?: string | null;
  filedOn?: string | null;
  reference?: string | null;
  closeReason?: string | null;
}

export interface ChecklistItemView {
  id: string;
  key: string;
  label: string;
  required: boolean;
  status: 'missing' | 'received' | 'verified' | 'invalid';
  documentId: string | null;
  order: number;
  checkedAt?: string | null;
  checkedBy?: string | null;
}

export interface DocumentView {
  id: string;
  documentKey: string;
  version: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  documentType: string | null;
  source: 'upload' | 'email' | 'generated';
  uploadedBy: 'client' | 'lawyer' | 'system';
  tags: string[];
  createdAt: string | null;
}

export interface AlertView {
  id: string;
  level: 'info' | 'warning' | 'critical';
  title: string;
  message: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy?: string | null;
  createdAt: string | null;
}

export interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  title: string;
  runId: string | null;
  eventId: string | null;
}

/** One case with everything lawyers follow in it. */
export interface WorkspaceDetail extends Omit<WorkspaceSummary, 'client'> {
  client: {
    id: string;
    firstName: string;
    lastName: string;
    email: string | null;
    phone: string | null;
    status: string;
  } | null;
  deadlines: DeadlineView[];
  checklist: ChecklistItemView[];
  documents: DocumentView[];
  alerts: AlertView[];
  timeline: TimelineEntry[];
}

/** A deadline of the firm with its case's title and procedure. */
export interface FirmDeadline extends DeadlineView {
  workspace: { title: string; procedureType: string } | null;
}

export interface WorkspaceFilters {
  procedureType?: string;
  urgency?: Urgency;
  archived?: 'true' | 'false';
}

const enc = encodeURIComponent;
const query = (values: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
};

/** The server's preset, case and deadline routes, typed. */
export const casesApi = {
  presets: () => api<{ items: PresetSummary[] }>('/api/presets').then((r) => r.items),
  preset: (id: string) => api<PresetDetail>(`/api/presets/${enc(id)}`),
  install: (id: string, name?: string) =>
    api<WorkflowDetail>(`/api/presets/${enc(id)}/install`, { method: 'POST', ...jsonBody(name ? { name } : {}) }),
  workspaces: (filters: WorkspaceFilters, cursor?: string, limit = 200) =>
    api<{ items: WorkspaceSummary[]; next: string | null }>(
      `/api/workspaces${query({ ...filters, cursor, limit: String(limit) })}`,
    ),
  workspace: (id: string) => api<WorkspaceDetail>(`/api/workspaces/${enc(id)}`),
  deadlines: (before: string, limit = 200) =>
    api<{ before: string; items: FirmDeadline[] }>(`/api/deadlines${query({ before, limit: String(limit) })}`),
  documentUrl: (id: string) => `/api/documents/${enc(id)}/content`,
  checkItem: (id: string, received: boolean, reason?: string) =>
    api<ChecklistItemView>(`/api/checklist-items/${enc(id)}/check`, {
      method: 'POST',
      ...jsonBody(reason ? { received, reason } : { received }),
    }),
  acknowledgeAlert: (id: string) => api<AlertView>(`/api/alerts/${enc(id)}/acknowledge`, { method: 'POST' }),
  closeDeadline: (id: string, body: DeadlineClose) =>
    api<DeadlineView>(`/api/deadlines/${enc(id)}/close`, { method: 'POST', ...jsonBody(body) }),
  /**
   * Sends the file itself as the body, its type as Content-Type, with an idempotency key of its own: when the
   * connection drops before the answer, it is sent once more with the same key, and the server answers with
   * the first upload instead of adding the file twice.
   */
  uploadDocument: async (workspaceId: string, file: File, documentType?: string) => {
    const idempotencyKey = uploadKey();
    const send = () =>
      api<{ document: DocumentView; eventId: string }>(
        `/api/workspaces/${enc(workspaceId)}/documents${query({ filename: file.name, documentType, idempotencyKey })}`,
        { method: 'POST', body: file, headers: { 'content-type': file.type || 'application/octet-stream' } },
      );
    try {
      return await send();
    } catch (error) {
      if (isProblem(error)) throw error;
      return send();
    }
  },
};

/** 128 random bits in hex (`crypto.randomUUID` exists only on HTTPS pages; this works on any). */
function uploadKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** How a deadline is closed: the appeal filed (date, reference) or no longer relevant (reason). */
export type DeadlineClose =
  | { status: 'met'; filedOn: string; reference?: string }
  | { status: 'cancelled'; reason: string };
