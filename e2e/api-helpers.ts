import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { expect, firm, unique } from './fixtures.ts';

const eventsSchema = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'schemas', 'src', 'events', 'email-message.events.schema.json'), 'utf8'),
);
/** The schema's example of an `email:classified` payload. */
export const classified = eventsSchema.$defs['email:classified'].examples[0];

/** Publishes a workflow's draft through the API. */
export async function publish(request: APIRequestContext, id: string) {
  const wf = await (await request.get(`/api/workflows/${id}`)).json();
  const response = await request.post(`/api/workflows/${id}/publish`, { data: { revision: wf.revision } });
  expect(response.status(), await response.text()).toBe(201);
}

/** Posts an event as the firm's systems do (API key), returns the id of the run it started for `workflowId`. */
export async function postEvent(request: APIRequestContext, workflowId: string, extra: object = {}): Promise<string> {
  const response = await request.post('/api/v1/events', {
    headers: { authorization: `Bearer ${firm.apiKey}` },
    data: { type: 'email:classified', idempotencyKey: unique('crm'), payload: { ...classified, ...extra } },
  });
  expect(response.status(), await response.text()).toBe(202);
  const body = (await response.json()) as { runs: { runId: string; workflowId: string }[] };
  const run = body.runs.find((r) => r.workflowId === workflowId);
  expect(run, JSON.stringify(body)).toBeDefined();
  return run?.runId as string;
}

/** Stops routing events to a test's workflow (other tests post the same event type). */
export async function disable(request: APIRequestContext, id: string) {
  expect((await request.post(`/api/workflows/${id}/disable`)).status()).toBe(200);
}
