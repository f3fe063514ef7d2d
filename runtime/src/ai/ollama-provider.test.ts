import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OllamaProtocolDouble } from './ollama-protocol-double.ts';
import { clearOllamaModelCache, OllamaProvider } from './ollama-provider.ts';
import { answerSchema, PROMPT_VERSIONS } from './prompts.ts';
import type { AiTask } from './types.ts';

let ollama: OllamaProtocolDouble;

const EMAIL = `Bonjour Maître,
Je suis Mme Amina Benali. J'ai reçu en main propre le 9 mars 2026 une OQTF de la préfecture du Rhône.
Mon numéro AGDREF : 6912345678. Téléphone : 06 12 34 56 78. Adresse : 12 rue Paul-Bert, 69003 Lyon.
amina.benali@example.com`;
const PERSONAL = ['Amina', 'Benali', '6912345678', '06 12 34 56 78', 'Paul-Bert', '69003 Lyon', 'amina.benali@'];

beforeAll(async () => {
  ollama = await new OllamaProtocolDouble().start();
});
afterAll(async () => {
  await ollama.stop();
});
beforeEach(() => {
  clearOllamaModelCache();
});

/** The placeholder the double saw for an original kind (e.g. the first `[EMAIL_n]` of the user message). */
const seen = (request: { messages: { content: string }[] }, kind: string) =>
  new RegExp(`\\[${kind}_\\d+\\]`).exec(request.messages[1]?.content ?? '')?.[0];

describe('Ollama provider (against the Ollama protocol double)', () => {
  it('asks /api/chat with the model, the messages and the answer schema as format; no personal data leaves', async () => {
    ollama.reply = (request) => {
      const user = request.messages[1]?.content ?? '';
      const names = [...user.matchAll(/\[NOM_\d+\]/g)].map((m) => m[0]);
      return {
        content: JSON.stringify({
          procedureType: 'OQTF',
          notificationDate: '2026-03-09',
          emails: [seen(request, 'EMAIL')],
          phones: [seen(request, 'TEL')],
          agdrefNumbers: [seen(request, 'NUM_ETRANGER')],
          people: [{ name: `${names[0]} ${names[1]}`, role: 'concerned' }],
          confidence: 0.97,
        }),
      };
    };
    const task: AiTask = {
      kind: 'extract',
      text: EMAIL,
      fields: ['procedureType', 'notificationDate', 'emails', 'phones', 'agdrefNumbers', 'people'],
    };
    const answer = await new OllamaProvider({ host: ollama.host, model: 'llama3.2:3b' }).answer(task, {
      temperature: 0.2,
    });
    const request = ollama.chats.at(-1);
    if (!request) throw new Error('no chat request');
    expect(request.model).toBe('llama3.2:3b');
    expect(request.stream).toBe(false);
    expect(request.options).toMatchObject({ temperature: 0.2 });
    expect(request.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(request.format).toEqual(answerSchema(task));
    expect(Object.keys((request.format as { properties: object }).properties).sort()).toEqual(
      [...task.fields, 'confidence'].sort(),
    );
    for (const original of PERSONAL) expect(request.raw).not.toContain(original);
    expect(request.messages[1]?.content).toContain("J'ai reçu en main propre le 9 mars 2026 une OQTF");
    expect(answer).toEqual({
      value: {
        procedureType: 'OQTF',
        notificationDate: '2026-03-09',
        emails: ['amina.benali@example.com'],
        phones: ['06 12 34 56 78'],
        agdrefNumbers: ['6912345678'],
        people: [{ name: 'Amina Benali', role: 'concerned' }],
      },
      confidence: 0.97,
      provenance: { provider: 'ollama', model: 'llama3.2:3b', promptVersion: PROMPT_VERSIONS.extract },
    });
  });

  it("narrows the classification schema to the firm's categories", async () => {
    ollama.reply = () => ({ content: JSON.stringify({ category: 'ceseda', urgency: 'eleve', confidence: 0.8 }) });
    const task: AiTask = { kind: 'classify', text: EMAIL, subject: 'OQTF Benali', categories: ['ceseda', 'autre'] };
    const answer = await new OllamaProvider({ host: ollama.host, model: 'llama3.2:3b' }).answer(task);
    const request = ollama.chats.at(-1);
    if (!request) throw new Error('no chat request');
    expect((request.format as { properties: { category: unknown } }).properties.category).toEqual({
      type: 'string',
      enum: ['ceseda', 'autre'],
    });
    expect(request.raw).not.toContain('Benali');
    expect(answer.value).toEqual({ category: 'ceseda', urgency: 'eleve' });
  });

  it('fails with a reason: model missing (checked with /api/tags, nothing sent), bad JSON, no confidence', async () => {
    const before = ollama.chats.length;
    await expect(
      new OllamaProvider({ host: ollama.host, model: 'absent:7b' }).answer({
        kind: 'analyze',
        text: EMAIL,
        depth: 'quick',
      }),
    ).rejects.toMatchObject({ reason: 'model-missing' });
    expect(ollama.chats.length).toBe(before);

    const provider = new OllamaProvider({ host: ollama.host, model: 'llama3.2:3b' });
    ollama.reply = () => ({ content: 'Voici mon analyse : la décision est une OQTF.' });
    await expect(provider.answer({ kind: 'analyze', text: EMAIL, depth: 'quick' })).rejects.toMatchObject({
      reason: 'invalid-json',
    });
    ollama.reply = () => ({ content: JSON.stringify({ summary: 'x', findings: [] }) });
    await expect(provider.answer({ kind: 'analyze', text: EMAIL, depth: 'quick' })).rejects.toMatchObject({
      reason: 'schema-mismatch',
    });
    ollama.reply = () => ({ status: 500, error: 'llama runner process has terminated' });
    await expect(provider.answer({ kind: 'analyze', text: EMAIL, depth: 'quick' })).rejects.toMatchObject({
      reason: 'error',
    });
  });

  it('gives up at its timeout, and reports a server that does not answer as unreachable', async () => {
    ollama.reply = () => ({ delayMs: 5_000, content: '{}' });
    const started = Date.now();
    await expect(
      new OllamaProvider({ host: ollama.host, model: 'llama3.2:3b', timeoutMs: 300 }).answer({
        kind: 'analyze',
        text: EMAIL,
        depth: 'quick',
      }),
    ).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);

    const closed = await new OllamaProtocolDouble().start();
    const host = closed.host;
    await closed.stop();
    await expect(
      new OllamaProvider({ host, model: 'llama3.2:3b' }).answer({ kind: 'analyze', text: EMAIL, depth: 'quick' }),
    ).rejects.toMatchObject({ reason: 'unreachable' });
  });
});
