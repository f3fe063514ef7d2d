import type { TestCaseBody } from '@iapm/schemas';
import { api, jsonBody } from './client.ts';
import type { Trace } from './workflows.ts';

/** A saved test case (server: `testCaseView`). */
export interface TestCase extends TestCaseBody {
  id: string;
  workflowId: string;
  createdAt: string | null;
  updatedAt: string | null;
}

/** A bilingual reason, as the server words it. */
export interface Reason {
  fr: string;
  en: string;
}

/** One case replayed: pass or fail, why, and what happened. */
export interface TestCaseResult {
  caseId: string;
  name: string;
  passed: boolean;
  reasons: Reason[];
  expected: TestCaseBody['expect'];
  actual?: { status: Trace['status']; steps: string[] };
  trace?: Trace;
  issues?: { pointer: string; code: string; message: Reason }[];
}

export interface TestCaseRun {
  source: 'draft' | number;
  passed: number;
  failed: number;
  results: TestCaseResult[];
}

const base = (workflowId: string) => `/api/workflows/${encodeURIComponent(workflowId)}/test-cases`;

/** The server's test-case routes, typed. */
export const testCasesApi = {
  list: (workflowId: string) => api<{ items: TestCase[] }>(base(workflowId)).then((r) => r.items),
  create: (workflowId: string, body: TestCaseBody) =>
    api<TestCase>(base(workflowId), { method: 'POST', ...jsonBody(body) }),
  remove: (workflowId: string, caseId: string) =>
    api<void>(`${base(workflowId)}/${encodeURIComponent(caseId)}`, { method: 'DELETE' }),
  run: (workflowId: string, body: { source?: 'draft' | number; caseIds?: string[] } = {}) =>
    api<TestCaseRun>(`${base(workflowId)}/run`, { method: 'POST', ...jsonBody(body) }),
};
