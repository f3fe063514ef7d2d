/**
 * The `oqtf-libre` preset in a new firm, on the durable engine with the real action handlers and database: its
 * sample event for a client of the firm opens the case, computes the deadline, prepares the request from the
 * built-in template for the lawyer's gate; once approved, the request is stored and the run goes on (filing
 * task, reminders waiting).
 */
import { randomBytes } from 'node:crypto';
import {
  createActionHandlers,
  getDocument,
  getModels,
  liveRunState,
  type Models,
  type RunState,
  type Workflow,
} from '@iapm/runtime';
import { createTenantFixture, publishFixture, startEngine, until } from '@iapm/runtime/engine-kit';
import { docxText } from '@iapm/runtime/read-back';
import { type TestDatabase, useTestDatabase } from '@iapm/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRules, loadChecklists } from './ceseda.ts';
import { readPreset } from './presets.ts';

let db: TestDatabase;
let models: Models;
let firm: string;
let app: Awaited<ReturnType<typeof startEngine>>;

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  firm = await createTenantFixture(db.connection);
  await models.Tenant.updateOne({ _id: firm }, { $set: { name: 'Cabinet Lefèvre Avocats' } });
  const ceseda = { rules: listRules(), checklists: loadChecklists() };
  app = await startEngine(db.connection, { handlers: createActionHandlers({ ceseda }), ceseda });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

type Step = RunState['steps'][number];

async function live(runId: string): Promise<RunState> {
  const run = await models.Run.findById(runId).lean();
  const state = run ? await liveRunState(db.connection, run) : undefined;
  if (!state) throw new Error('run not found');
  return state;
}
const stepOf = (state: RunState, nodeId: string): Step | undefined => state.steps.findLast((s) => s.nodeId === nodeId);

describe('oqtf-libre in a new firm', () => {
  it('generates the request from the built-in template once approved at its gate, and the run goes on', async () => {
    const preset = readPreset('oqtf-libre');
    const client = await models.Client.create({ tenantId: firm, firstName: 'Karim', lastName: 'Benali' });
    const workflowId = await publishFixture(db.connection, firm, preset.workflow as Workflow);
    const sample = preset.samples.find((s) => s.file === 'samples/oqtf-notifiee.json')?.event;
    if (!sample) throw new Error('sample missing');
    const payload = {
      ...sample.payload,
      clientId: String(client._id),
      messageId: `<${randomBytes(6).toString('hex')}@example.org>`,
    };
    const { runs } = await app.events.accept(firm, { type: sample.type, payload });
    const runId = runs.find((r) => r.workflowId === workflowId)?.runId as string;
    expect(runId).toBeTruthy();

    // The draft waits for a lawyer at its RED gate.
    await until(
      async () => (await models.ValidationRequest.countDocuments({ runId, status: 'PENDING' })) > 0,
      20_000,
      'the gate',
    );
    const request = await models.ValidationRequest.findOne({ runId, status: 'PENDING' }).lean();
    expect(request?.nodeId).toBe('projet');
    // The lawyer reads the prepared draft at the gate: its title and text, rendered for this client.
    const preview = request?.preview as { title?: string; text?: string; template?: string } | undefined;
    expect(preview?.template).toBe('requete-oqtf-ordinaire');
    expect(preview?.text).toMatch(/Benali/i);
    expect(preview?.text).not.toContain('{{');
    const gated = await live(runId);
    const deadline = stepOf(gated, 'delai')?.output as { dueAt: string };
    expect(deadline.dueAt).toBe('2026-12-07T23:59:59+01:00');

    await app.engine.decide(firm, request?.key as string, {
      decision: 'APPROVED',
      userId: randomBytes(12).toString('hex'),
    });
    await until(async () => stepOf(await live(runId), 'depot')?.status === 'succeeded', 20_000, 'the filing task');

    const state = await live(runId);
    expect(stepOf(state, 'projet')).toMatchObject({ status: 'succeeded' });
    const output = stepOf(state, 'projet')?.output as { documentId: string; format: string; filename: string };
    expect(output).toMatchObject({ format: 'docx', filename: 'requete-oqtf-ordinaire-Benali.docx' });
    const { meta, bytes } = await getDocument(db.connection, firm, output.documentId);
    const { workspaceId } = (stepOf(state, 'dossier')?.output ?? {}) as { workspaceId?: string };
    expect(meta).toMatchObject({ source: 'generated', version: 1, workspaceId });
    // The preset asks for Word, so that the lawyer can complete the draft.
    expect(meta.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const text = docxText(bytes);
    expect(text).toContain("Requête en annulation de l'OQTF (procédure ordinaire)");
    expect(text).toContain('Karim BENALI');
    expect(text).toContain('Cabinet Lefèvre Avocats');
    expect(text).toContain('un mois à compter de la notification de la décision ; il expire le 7 décembre 2026.');
    expect(text).toContain('[à compléter');
    expect(text).not.toContain('{{');

    // The run goes on: the filing task exists, the reminders and the wait for the filing are pending.
    const run = await models.Run.findById(runId).lean();
    expect(['running', 'waiting']).toContain(run?.status);
    expect(await models.Task.countDocuments({ tenantId: firm, title: /Déposer la requête contre l'OQTF/ })).toBe(1);
  });
});
