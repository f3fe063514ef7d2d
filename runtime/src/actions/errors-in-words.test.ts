import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '../core/types.ts';
import { createTenantFixture, startEngine } from '../engine/engine-kit.ts';
import { ActionError, issuesInWords } from '../engine/ports.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, runThrough } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';

let db: TestDatabase;
let app: Awaited<ReturnType<typeof startEngine>>;

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  app = await startEngine(db.connection, { handlers: createActionHandlers() });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

describe('failures in words', () => {
  it('an ActionError keeps its French and English words and the pointer apart; the message reads as before', () => {
    const error = new ActionError('entity.invalid-id', { fr: 'Pas un id.', en: 'Not an id.' }, false, {
      pointer: '/clientId',
    });
    expect(error.message).toBe('/clientId Pas un id. / Not an id.');
    expect(error.text).toEqual({ fr: 'Pas un id.', en: 'Not an id.' });
    expect(error.pointer).toBe('/clientId');
    const plain = new ActionError('x', 'only a message');
    expect(plain.text).toBeUndefined();
    expect(plain.pointer).toBeUndefined();
    const two = issuesInWords([
      { pointer: '/a', message: { fr: 'Un.', en: 'One.' } },
      { pointer: '/b', message: { fr: 'Deux.', en: 'Two.' } },
    ]);
    expect(two).toEqual({ text: { fr: 'Un. ; Deux.', en: 'One.; Two.' } });
  });

  it('a refused action records its words and pointer on the failed step and the run, beside the message', async () => {
    const tenantId = await createTenantFixture(db.connection);
    const run = await runThrough(
      app,
      db,
      tenantId,
      chain('Dossier pour un client inconnu', 'client:created', [
        { id: 'dossier', action: 'create_workspace', params: { procedureType: 'OQTF', clientId: 'cl-benali-karim' } },
      ]),
      {
        type: 'client:created',
        payload: {
          clientId: 'cl-benali-karim',
          firstName: 'Karim',
          lastName: 'Benali',
          status: 'prospect',
          source: 'api',
          createdAt: '2026-11-01T10:00:00Z',
        },
      },
    );
    expect(run.status).toBe('failed');
    const words = {
      fr: "« cl-benali-karim » n'est pas un identifiant de ce cabinet.",
      en: '"cl-benali-karim" is not an id of this firm.',
    };
    expect(run.error).toMatchObject({
      nodeId: 'dossier',
      code: 'entity.invalid-id',
      pointer: '/clientId',
      text: words,
      message: `/clientId ${words.fr} / ${words.en}`,
    });
    const step = (run.state as RunState).steps.find((s) => s.nodeId === 'dossier');
    expect(step?.status).toBe('failed');
    expect(step?.error).toMatchObject({ code: 'entity.invalid-id', pointer: '/clientId', text: words });
  });
});
