import type { APIRequestContext } from '@playwright/test';
import { disable, postEvent, publish } from './api-helpers.ts';
import { createWorkflow, expect, unique } from './fixtures.ts';

/** A date-time in Paris time `days` days from now, at 10:00 (`YYYY-MM-DDT10:00:00+01:00` or +02:00). */
export function parisMorning(days: number): string {
  const at = new Date(Date.now() + days * 86_400_000);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(at);
  const offset = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris', timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')
    ?.value.replace('GMT', '');
  return `${day}T10:00:00${offset === '+2' ? '+02:00' : '+01:00'}`;
}

/*
 *   courrier (email:classified) ──► dossier (create_workspace, new client) ──► délai (create_deadline)
 *     ──► accusé (generate_document, ORANGE: approved by a lawyer) ──► fin
 */
export const caseWorkflow = (lastName: string, notifiedAt: string, alert: boolean) => {
  const doc = baseWorkflow(lastName, notifiedAt);
  if (!alert) return doc;
  // With an alert raised on the case after the deadline is computed (delai ──► alerte ──► accusé).
  const nodes: object[] = [...doc.nodes];
  nodes.push({
    id: 'alerte',
    kind: 'action',
    action: 'create_alert',
    label: 'Alerter le cabinet',
    params: {
      title: 'Délai de recours court : vérifier la notification',
      level: 'critical',
      workspaceId: '{{nodes.dossier.output.workspaceId}}',
    },
    position: { x: 240, y: 425 },
  });
  const edges: object[] = doc.edges.map((e) => (e.id === 'e3' ? { ...e, target: 'alerte' } : e));
  edges.push({ id: 'e5', source: 'alerte', target: 'accuse', port: 'success' });
  return { ...doc, nodes, edges };
};

const baseWorkflow = (lastName: string, notifiedAt: string) => ({
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
    {
      id: 'accuse',
      kind: 'action',
      action: 'generate_document',
      label: 'Accusé de réception',
      params: {
        template: 'accuse-reception-dossier',
        workspaceId: '{{nodes.dossier.output.workspaceId}}',
        format: 'pdf',
      },
      position: { x: 0, y: 510 },
    },
    { id: 'fin', kind: 'end', position: { x: 0, y: 680 } },
  ],
  edges: [
    { id: 'e1', source: 'courrier', target: 'dossier' },
    { id: 'e2', source: 'dossier', target: 'delai', port: 'success' },
    { id: 'e3', source: 'delai', target: 'accuse', port: 'success' },
    { id: 'e4', source: 'accuse', target: 'fin', port: 'approved' },
  ],
});

/**
 * Publishes the workflow, posts one event with the firm's API key, approves its acknowledgement (as the signed-in
 * lawyer) and waits for the run to finish; returns the id of the case it opened. `alert`: the workflow also raises
 * a critical alert on the case.
 */
export async function openCase(
  request: APIRequestContext,
  lastName: string,
  options: { alert?: boolean } = {},
): Promise<string> {
  const id = await createWorkflow(
    request,
    unique('Dossier OQTF'),
    caseWorkflow(lastName, parisMorning(-10), options.alert ?? false),
  );
  await publish(request, id);
  const runId = await postEvent(request, id);
  let workspaceId = '';
  await expect(async () => {
    const run = await (await request.get(`/api/runs/${runId}`)).json();
    const pending = run.validations?.find((v: { status: string }) => v.status === 'PENDING');
    if (pending) {
      const decided = await request.post(`/api/validations/${pending.id}/decision`, { data: { decision: 'APPROVED' } });
      expect([200, 201, 202, 409]).toContain(decided.status());
    }
    expect(run.status, JSON.stringify(run.error ?? run.steps?.at(-1))).toBe('succeeded');
    workspaceId = run.steps.find((s: { nodeId: string }) => s.nodeId === 'dossier').output.workspaceId;
  }).toPass();
  await disable(request, id);
  return workspaceId;
}
