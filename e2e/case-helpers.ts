import type { APIRequestContext } from '@playwright/test';
import { disable, postEvent, publish } from './api-helpers.ts';
import { createWorkflow, expect, unique } from './fixtures.ts';

/** A date-time in Paris time `days` days from now, at 10:00 (`YYYY-MM-DDT10:00:00+01:00` or +02:00). */
function parisMorning(days: number): string {
  const at = new Date(Date.now() + days * 86_400_000);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(at);
  const offset = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris', timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')
    ?.value.replace('GMT', '');
  return `${day}T10:00:00${offset === '+2' ? '+02:00' : '+01:00'}`;
}

/*
 *   courrier (email:classified) ──► dossier (create_workspace, new client) ──► délai (create_deadline) ──► fin
 */
const caseWorkflow = (lastName: string, notifiedAt: string) => ({
  schemaVersion: 1,
  nodes: [
    { id: 'courrier', kind: 'trigger', event: 'email:classified', position: { x: 0, y: 0 } },
    {
      id: 'dossier',
      kind: 'action',
      action: 'create_workspace',
      label: 'Ouvrir le dossier',
      params: {
        client: { firstName: 'Aminata', lastName },
        procedureType: 'OQTF',
        situation: 'libre',
        notificationDate: notifiedAt.slice(0, 10),
        urgency: 'eleve',
      },
      position: { x: 0, y: 170 },
    },
    {
      id: 'delai',
      kind: 'action',
      action: 'create_deadline',
      label: 'Calculer le délai de recours',
      params: {
        workspaceId: '{{nodes.dossier.output.workspaceId}}',
        ruleId: 'OQTF-ORDINAIRE',
        notifiedAt,
        label: 'Recours contre l’OQTF (TA, 1 mois)',
      },
      position: { x: 0, y: 340 },
    },
    { id: 'fin', kind: 'end', position: { x: 0, y: 510 } },
  ],
  edges: [
    { id: 'e1', source: 'courrier', target: 'dossier' },
    { id: 'e2', source: 'dossier', target: 'delai', port: 'success' },
    { id: 'e3', source: 'delai', target: 'fin', port: 'success' },
  ],
});

/** Publishes the workflow, posts one event with the firm's API key, waits for the run; returns its case id. */
export async function openCase(request: APIRequestContext, lastName: string): Promise<string> {
  const id = await createWorkflow(request, unique('Dossier OQTF'), caseWorkflow(lastName, parisMorning(-10)));
  await publish(request, id);
  const runId = await postEvent(request, id);
  let workspaceId = '';
  await expect(async () => {
    const run = await (await request.get(`/api/runs/${runId}`)).json();
    expect(run.status, JSON.stringify(run.error ?? run.steps?.at(-1))).toBe('succeeded');
    workspaceId = run.steps.find((s: { nodeId: string }) => s.nodeId === 'dossier').output.workspaceId;
  }).toPass();
  await disable(request, id);
  return workspaceId;
}
