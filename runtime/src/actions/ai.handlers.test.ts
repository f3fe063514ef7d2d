import { Types } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_MODEL } from '../ai/builtin-provider.ts';
import { OllamaProtocolDouble } from '../ai/ollama-protocol-double.ts';
import { clearOllamaModelCache } from '../ai/ollama-provider.ts';
import { PROMPT_VERSIONS } from '../ai/prompts.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { createTenantFixture, startEngine, until } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, runThrough } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';

let db: TestDatabase;
let models: Models;
let ollama: OllamaProtocolDouble;
/** A firm on the default provider (Ollama, since the installation has one). */
let firm: string;
/** A firm that chose the built-in provider. */
let rulesFirm: string;
/** A firm whose ORANGE actions its policy approves from 0.8 of confidence. */
let policyFirm: string;
let workspaceId: string;
/** The engine of an installation with Ollama, and of one without. */
let withOllama: Awaited<ReturnType<typeof startEngine>>;

const BODY = `Bonjour Maître,
Je m'appelle Amina Benali. J'ai reçu en main propre le 9 mars 2026 une OQTF de la préfecture du Rhône,
décision du 5 mars 2026, avec un délai de départ volontaire de 30 jours.
Mon numéro étranger : 6912345678. Vous pouvez me joindre au 06 12 34 56 78.
J'habite 12 rue Paul-Bert, 69003 Lyon.
Amina Benali`;
const PERSONAL = ['Amina', 'Benali', '6912345678', '06 12 34 56 78', 'Paul-Bert', '69003 Lyon', 'amina.benali@'];

const received = (messageId: string) => ({
  type: 'email:received',
  payload: {
    messageId,
    from: 'amina.benali@example.com',
    fromName: 'Amina Benali',
    to: ['contact@cabinet.example'],
    subject: 'OQTF reçue',
    text: BODY,
    receivedAt: '2026-03-10T09:12:00+01:00',
  },
});

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  ollama = await new OllamaProtocolDouble().start();
  firm = await createTenantFixture(db.connection);
  rulesFirm = await createTenantFixture(db.connection, { ai: { provider: 'builtin' } });
  policyFirm = await createTenantFixture(db.connection, {
    autonomy: { orangeAutoApprove: { enabled: true, minConfidence: 0.8 } },
  });
  const client = await models.Client.create({ tenantId: firm, firstName: 'Amina', lastName: 'Benali' });
  workspaceId = String(
    (await models.Workspace.create({ tenantId: firm, clientId: client._id, title: 'OQTF', procedureType: 'OQTF' }))._id,
  );
  withOllama = await startEngine(db.connection, {
    handlers: createActionHandlers({ ai: { ollama: { host: ollama.host, model: 'llama3.2:3b', timeoutMs: 1_500 } } }),
  });
}, 60_000);
afterAll(async () => {
  await withOllama.stop();
  await ollama.stop();
});
beforeEach(() => {
  clearOllamaModelCache();
});

const placeholder = (content: string, kind: string) => new RegExp(`\\[${kind}_\\d+\\]`).exec(content)?.[0];
const flow = (name: string, nodes: Record<string, unknown>[]) => chain(name, 'email:received', nodes);
/** The event of `type` a run emitted, once it is recorded. */
async function emitted(tenantId: string, type: string, runId: string) {
  const read = () => models.Event.findOne({ tenantId, type, 'emittedBy.runId': runId }).lean();
  await until(async () => !!(await read()), 15_000, type);
  return read();
}

describe('AI actions through the engine', () => {
  it('extract_data: Ollama answers; the double never sees the personal data and the output has it back', async () => {
    ollama.reply = (request) => {
      const user = request.messages[1]?.content ?? '';
      const names = [...user.matchAll(/\[NOM_\d+\]/g)].map((m) => m[0]);
      return {
        content: JSON.stringify({
          procedureType: 'OQTF',
          decisionDate: '2026-03-05',
          notificationDate: '2026-03-09',
          phones: [placeholder(user, 'TEL')],
          agdrefNumbers: [placeholder(user, 'NUM_ETRANGER')],
          people: [{ name: `${names[0]} ${names[1]}`, role: 'concerned' }],
          confidence: 0.95,
        }),
      };
    };
    const before = ollama.chats.length;
    const run = await runThrough(
      withOllama,
      db,
      firm,
      flow('Extraction Ollama', [{ id: 'extract', action: 'extract_data', params: { text: '{{payload.text}}' } }]),
      received('<extract-1@example.com>'),
    );
    expect(run.error).toBeUndefined();
    const request = ollama.chats[before];
    expect(ollama.chats.length).toBe(before + 1);
    expect(request?.model).toBe('llama3.2:3b');
    for (const original of PERSONAL) expect(request?.raw).not.toContain(original);
    expect(run.state.nodes.extract.output).toEqual({
      procedureType: 'OQTF',
      decisionDate: '2026-03-05',
      notificationDate: '2026-03-09',
      phones: ['06 12 34 56 78'],
      agdrefNumbers: ['6912345678'],
      people: [{ name: 'Amina Benali', role: 'concerned' }],
      confidence: 0.9,
      provenance: { provider: 'ollama', model: 'llama3.2:3b', promptVersion: PROMPT_VERSIONS.extract },
    });
  });

  it('falls back to the built-in provider when Ollama times out, and says so', async () => {
    ollama.reply = () => ({ delayMs: 10_000, content: '{}' });
    const run = await runThrough(
      withOllama,
      db,
      firm,
      flow('Extraction lente', [
        {
          id: 'extract',
          action: 'extract_data',
          params: { text: '{{payload.text}}', fields: ['procedureType', 'notificationDate', 'agdrefNumbers'] },
        },
      ]),
      received('<extract-2@example.com>'),
    );
    expect(run.error).toBeUndefined();
    const output = run.state.nodes.extract.output;
    expect(output.provenance).toEqual({
      provider: 'builtin',
      model: BUILTIN_MODEL,
      promptVersion: 'extract-rules@1',
      fallback: { from: 'ollama', reason: 'timeout' },
    });
    expect(output).toMatchObject({
      procedureType: 'OQTF',
      notificationDate: '2026-03-09',
      agdrefNumbers: ['6912345678'],
    });
    expect(Object.keys(output).sort()).toEqual([
      'agdrefNumbers',
      'confidence',
      'notificationDate',
      'procedureType',
      'provenance',
    ]);
  });

  it('falls back when Ollama answers outside the schema (a category the firm does not have)', async () => {
    ollama.reply = () => ({ content: JSON.stringify({ category: 'divers', confidence: 0.99 }) });
    const run = await runThrough(
      withOllama,
      db,
      firm,
      flow('Classement hors schéma', [
        {
          id: 'classify',
          action: 'classify_content',
          params: { text: '{{payload.text}}', subject: '{{payload.subject}}' },
        },
      ]),
      received('<classify-1@example.com>'),
    );
    expect(run.error).toBeUndefined();
    expect(run.state.nodes.classify.output).toMatchObject({
      category: 'ceseda',
      procedureType: 'OQTF',
      urgency: 'eleve',
      provenance: { provider: 'builtin', fallback: { from: 'ollama', reason: 'schema-mismatch' } },
    });
  });

  it("lowers the model's confidence when it contradicts a procedure the rules are sure of", async () => {
    ollama.reply = () => ({ content: JSON.stringify({ procedureType: 'VISA', confidence: 0.95 }) });
    const run = await runThrough(
      withOllama,
      db,
      firm,
      flow('Extraction contredite', [
        { id: 'extract', action: 'extract_data', params: { text: '{{payload.text}}', fields: ['procedureType'] } },
      ]),
      received('<contradiction-1@example.com>'),
    );
    expect(run.error).toBeUndefined();
    expect(run.state.nodes.extract.output).toMatchObject({
      procedureType: 'VISA',
      confidence: 0.5,
      provenance: { provider: 'ollama' },
    });
  });

  it('classify_content with the built-in provider (the firm chose it): nothing sent, email:classified emitted', async () => {
    const before = ollama.chats.length;
    const run = await runThrough(
      withOllama,
      db,
      rulesFirm,
      flow('Classement règles', [
        {
          id: 'classify',
          action: 'classify_content',
          params: { text: '{{payload.text}}', subject: '{{payload.subject}}' },
        },
      ]),
      received('<classify-2@example.com>'),
    );
    expect(run.error).toBeUndefined();
    expect(ollama.chats.length).toBe(before);
    const output = run.state.nodes.classify.output;
    expect(output).toMatchObject({ category: 'ceseda', procedureType: 'OQTF', situation: 'libre', urgency: 'eleve' });
    expect(output.provenance).toEqual({ provider: 'builtin', model: BUILTIN_MODEL, promptVersion: 'classify-rules@1' });
    const event = await emitted(rulesFirm, 'email:classified', String(run._id));
    expect(event?.payload).toMatchObject({
      messageId: '<classify-2@example.com>',
      category: 'ceseda',
      procedureType: 'OQTF',
      confidence: output.confidence,
      provenance: output.provenance,
    });
  });

  it('analyze_with_ai: Ollama analyses the case with its client pseudonymised, and ai:analysis_complete is emitted', async () => {
    ollama.reply = (request) => {
      const user = request.messages[1]?.content ?? '';
      return {
        content: JSON.stringify({
          summary: `OQTF notifiée le 9 mars 2026 à ${placeholder(user, 'NOM')} ; délai de recours en cours.`,
          findings: [{ label: 'Délai de départ volontaire', detail: '30 jours' }],
          confidence: 0.8,
        }),
      };
    };
    const before = ollama.chats.length;
    const run = await runThrough(
      withOllama,
      db,
      firm,
      flow('Analyse', [
        {
          id: 'analyze',
          action: 'analyze_with_ai',
          params: {
            text: 'Note : Mme Benali (Ioana pour les intimes) doit rappeler.\n{{payload.text}}',
            instructions: 'Relever les délais pour Amina Benali.',
            workspaceId,
            depth: 'deep',
          },
        },
      ]),
      { ...received('<analyse-1@example.com>'), payload: { ...received('').payload, messageId: '<analyse-1@x>' } },
    );
    expect(run.error).toBeUndefined();
    const request = ollama.chats[before];
    for (const original of PERSONAL) expect(request?.raw).not.toContain(original);
    expect(request?.messages[0]?.content).toContain('Analyse approfondie');
    expect(request?.messages[1]?.content).toMatch(/^Consignes : Relever les délais pour \[NOM_\d\] \[NOM_\d\]\./);
    const output = run.state.nodes.analyze.output;
    expect(output.summary).toMatch(/à (Amina|Benali) ; délai de recours en cours\.$/);
    expect(output.provenance).toEqual({ provider: 'ollama', model: 'llama3.2:3b', promptVersion: 'analyze@1' });
    const event = await emitted(firm, 'ai:analysis_complete', String(run._id));
    expect(event?.payload).toMatchObject({
      targetType: 'email',
      targetId: '<analyse-1@x>',
      workspaceId,
      summary: output.summary,
      keyFacts: ['Délai de départ volontaire : 30 jours'],
      confidence: 0.8,
    });
  });

  it('ORANGE: the answer prepared at the gate carries the confidence the policy approves on, and is the one kept', async () => {
    // Each call gets another answer: the output must be the first one, asked once.
    let calls = 0;
    ollama.reply = () => {
      calls++;
      return {
        content: JSON.stringify({ procedureType: 'OQTF', notificationDate: `2026-03-0${calls}`, confidence: 0.86 }),
      };
    };
    const before = ollama.chats.length;
    const run = await runThrough(
      withOllama,
      db,
      policyFirm,
      flow('Extraction validée', [
        {
          id: 'extract',
          action: 'extract_data',
          autonomy: 'ORANGE',
          params: { text: '{{payload.text}}', fields: ['procedureType', 'notificationDate'] },
        },
      ]),
      received('<orange-1@example.com>'),
      { approve: false },
    );
    expect(run.error).toBeUndefined();
    expect(ollama.chats.length).toBe(before + 1);
    const step = run.state.steps.find((s: { nodeId: string }) => s.nodeId === 'extract');
    expect(run.state.nodes.extract.output).toMatchObject({ notificationDate: '2026-03-01', confidence: 0.86 });
    expect(step.validation).toMatchObject({ status: 'AUTO_APPROVED', confidence: 0.86 });

    // A less certain answer waits for a person, with the prepared answer as the preview; approving keeps it.
    ollama.reply = () => ({ content: JSON.stringify({ procedureType: 'OQTF', confidence: 0.4 }) });
    const asked = ollama.chats.length;
    const vague = { ...received('<orange-2@example.com>') };
    vague.payload = { ...vague.payload, text: 'Bonjour, je vous écris au sujet de mon dossier. Merci.' };
    const workflow = flow('Extraction incertaine', [
      { id: 'extract', action: 'extract_data', autonomy: 'ORANGE', params: { text: '{{payload.text}}' } },
    ]);
    const pending = runThrough(withOllama, db, policyFirm, workflow, vague);
    const waiting = () => models.ValidationRequest.findOne({ tenantId: policyFirm, nodeId: 'extract' }).lean();
    await until(async () => !!(await waiting()));
    const request = await waiting();
    expect(request?.confidence).toBe(0.4);
    const done = await pending;
    const decided = done.state.steps.find((s: { nodeId: string }) => s.nodeId === 'extract');
    expect(decided.validation.status).toBe('APPROVED');
    expect(done.state.nodes.extract.output).toMatchObject({ procedureType: 'OQTF', confidence: 0.4 });
    expect(ollama.chats.length).toBe(asked + 1);
  });

  it('refuses params that resolve to bad values, with their pointer, before any provider is asked', async () => {
    const before = ollama.chats.length;
    const run = await runThrough(
      withOllama,
      db,
      firm,
      flow('Classement invalide', [
        { id: 'classify', action: 'classify_content', params: { text: 'x', categories: '{{payload.to}}' } },
      ]),
      received(`<bad-${new Types.ObjectId()}@example.com>`),
    );
    expect(run.status).toBe('failed');
    const step = run.state.steps.find((s: { nodeId: string }) => s.nodeId === 'classify');
    expect(step.error.code).toBe('params.invalid');
    expect(step.error.message).toContain('/categories');
    expect(ollama.chats.length).toBe(before);
  });
});
