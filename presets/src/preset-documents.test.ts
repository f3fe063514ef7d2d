/**
 * Every document a preset generates can be generated in a new firm: each `generate_document` step of each
 * preset, with the parameters its sandbox scenarios give it (the `echeance` of the deadline step, the
 * procedure's id), renders the built-in template it names to a PDF stored in the firm's documents, with no value
 * missing and the deadline written in words. The other built-in templates render too.
 */
import { randomBytes } from 'node:crypto';
import {
  type ActionContext,
  type ActionHandler,
  BUILTIN_TEMPLATE_IDS,
  createActionHandlers,
  getDocument,
  getModels,
  runSandbox,
  type Workflow,
} from '@iapm/runtime';
import { createTenantFixture } from '@iapm/runtime/engine-kit';
import { pdfStructure, pdfText } from '@iapm/runtime/read-back';
import { type TestDatabase, useTestDatabase } from '@iapm/runtime/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { scenarioRun } from './check.ts';
import { loadPresets } from './presets.ts';

interface DocumentStep {
  presetId: string;
  nodeId: string;
  params: { template: string; data?: Record<string, unknown>; title?: string };
  scenario?: string;
}

/** Each preset's document steps, with the parameters the first scenario that performs it resolved for it. */
function documentSteps(): DocumentStep[] {
  const steps: DocumentStep[] = [];
  for (const preset of loadPresets()) {
    const nodes = preset.workflow.nodes.filter((n) => (n as { action?: string }).action === 'generate_document');
    for (const node of nodes) {
      const step: DocumentStep = {
        presetId: preset.id,
        nodeId: node.id,
        params: (node as unknown as { params: DocumentStep['params'] }).params,
      };
      for (const { file, scenario } of preset.scenarios) {
        if (scenario.expect.status === 'not_started') continue;
        const { event, options } = scenarioRun(preset, scenario);
        const trace = runSandbox(preset.workflow as Workflow, event, options);
        const effect = trace.effects.find((e) => e.type === 'action.perform' && e.nodeId === node.id);
        if (!effect) continue;
        step.params = (effect.params as { params: DocumentStep['params'] }).params;
        step.scenario = file;
        break;
      }
      steps.push(step);
    }
  }
  return steps;
}

const steps = documentSteps();
let db: TestDatabase;
let firm: string;
let workspaceId: string;
const handler = createActionHandlers().generate_document as ActionHandler;

const context = (key: string): ActionContext => ({
  tenantId: firm,
  runId: randomBytes(12).toString('hex'),
  workflowId: randomBytes(12).toString('hex'),
  nodeId: 'projet',
  attempt: 1,
  idempotencyKey: key,
  connection: db.connection,
  signal: new AbortController().signal,
  now: new Date('2026-11-24T09:30:00Z'),
  eventId: 'e-documents',
  emit: async () => {},
});

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  const models = getModels(db.connection);
  firm = await createTenantFixture(db.connection);
  await models.Tenant.updateOne({ _id: firm }, { $set: { name: 'Cabinet Lefèvre Avocats' } });
  const client = await models.Client.create({ tenantId: firm, firstName: 'Karim', lastName: 'Benali' });
  // A case as create_workspace opens it: no dates, situation or reference are relied on.
  const workspace = await models.Workspace.create({
    tenantId: firm,
    clientId: client._id,
    title: 'Dossier de test',
    procedureType: 'AUTRE',
  });
  workspaceId = String(workspace._id);
});

describe('the documents of the presets', () => {
  it('are the 13 document steps of the procedure presets, each reached by a scenario', () => {
    expect(steps.length).toBeGreaterThanOrEqual(13);
    expect(steps.filter((s) => !s.scenario).map((s) => `${s.presetId}/${s.nodeId}`)).toEqual([]);
    expect(steps.every((s) => BUILTIN_TEMPLATE_IDS.includes(s.params.template))).toBe(true);
  });

  it.each(steps.map((s) => [`${s.presetId}/${s.nodeId} (${s.params.template})`, s] as const))(
    '%s renders with the data the step passes, to a stored PDF',
    async (_label, step) => {
      const params = { ...step.params, workspaceId, format: 'pdf' };
      const key = `${step.presetId}:${step.nodeId}`;
      const prepared = (await handler.prepare?.(params, context(key))) as { preview: { text: string; title: string } };
      const text = prepared.preview.text;
      expect(text).not.toContain('{{');
      expect(text).toContain('Karim BENALI');
      expect(text).toContain('Cabinet Lefèvre Avocats');
      expect(text).toContain('[à compléter');
      // The deadline is written in words, never as the ISO text it arrives in.
      const echeance = String(step.params.data?.echeance);
      expect(text).not.toContain(echeance);
      const day = new Intl.DateTimeFormat('fr-FR', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'Europe/Paris',
      })
        .format(new Date(echeance))
        .replace(/^1 /, '1er ');
      expect(text).toContain(day);
      expect(prepared.preview.title).toBe(step.params.title);

      const output = (await handler.perform(params, context(key))) as { documentId: string; format: string };
      expect(output.format).toBe('pdf');
      const { meta, bytes } = await getDocument(db.connection, firm, output.documentId);
      expect(meta.contentType).toBe('application/pdf');
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdfStructure(bytes)).toMatchObject({ eof: true, xrefAtStartxref: true });
      const read = await pdfText(bytes);
      expect(read.title).toBe(step.params.title);
      const flat = read.text.replace(/\s+/g, ' ');
      expect(flat).toContain('Karim BENALI');
      expect(flat).toContain(day);
    },
  );

  it('and every other built-in template renders for a case of the firm', async () => {
    const named = new Set(steps.map((s) => s.params.template));
    const others = BUILTIN_TEMPLATE_IDS.filter((id) => !named.has(id));
    expect(others).toEqual(['accuse-reception-dossier']);
    for (const template of others) {
      const output = (await handler.perform({ template, workspaceId }, context(`other:${template}`))) as {
        documentId: string;
      };
      const { bytes } = await getDocument(db.connection, firm, output.documentId);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  });
});
