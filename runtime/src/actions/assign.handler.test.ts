import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels, type Models } from '../db/models/index.ts';
import { createTenantFixture, startEngine } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, handlerContext, runThrough } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';

let db: TestDatabase;
let models: Models;
let app: Awaited<ReturnType<typeof startEngine>>;
const handlers = createActionHandlers();

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  app = await startEngine(db.connection, { handlers });
}, 60_000);
afterAll(async () => {
  await app.stop();
});

let serial = 0;
async function staff(tenantId: string, name: string, skills: string[] = [], extra: Record<string, unknown> = {}) {
  const user = await models.User.create({
    tenantId,
    email: `${name.toLowerCase()}-${++serial}@cabinet.example`,
    name,
    role: 'ADMIN',
    passwordHash: 'scrypt$test',
    skills,
    ...extra,
  });
  return String(user._id);
}

async function firm(
  routing: (ids: Record<string, string>) => Record<string, unknown>,
  people: Record<string, string[]>,
) {
  const tenantId = await createTenantFixture(db.connection);
  const ids: Record<string, string> = {};
  for (const [name, skills] of Object.entries(people)) ids[name] = await staff(tenantId, name, skills);
  await models.Tenant.updateOne({ _id: tenantId }, { $set: { config: { routing: routing(ids) } } });
  return { tenantId, ids };
}

async function workspace(tenantId: string, procedureType = 'OQTF', assigneeId?: string) {
  const client = await models.Client.create({ tenantId, firstName: 'Nadia', lastName: 'Ferhat' });
  const ws = await models.Workspace.create({
    tenantId,
    clientId: client._id,
    title: `${procedureType} — N. Ferhat`,
    procedureType,
    ...(assigneeId ? { assigneeId } : {}),
  });
  return String(ws._id);
}

const assign = (tenantId: string, key: string, params: Record<string, unknown>) =>
  handlers.assign_user?.perform(params, handlerContext(db, tenantId, key)) as Promise<{
    userId: string;
    strategy: string;
  }>;

describe('assign_user', () => {
  it('round robin: concurrent runs take turns of their own, so the team gets an equal share', async () => {
    const { tenantId, ids } = await firm(
      (p) => ({ loadBalancing: 'round-robin', members: [{ userId: p.A }, { userId: p.B }, { userId: p.C }] }),
      { A: [], B: [], C: [] },
    );
    const cases = await Promise.all(Array.from({ length: 9 }, () => workspace(tenantId)));
    const results = await Promise.all(
      cases.map((id, n) => assign(tenantId, `rr-run-${n}:assign:1`, { entity: 'workspace', entityId: id })),
    );
    expect(new Set(results.map((r) => r.strategy))).toEqual(new Set(['round-robin']));
    const share = (userId: string) => results.filter((r) => r.userId === userId).length;
    expect([share(ids.A as string), share(ids.B as string), share(ids.C as string)]).toEqual([3, 3, 3]);
    // A repeated execution reports its first choice and takes no new turn.
    const again = await assign(tenantId, 'rr-run-0:assign:1', { entity: 'workspace', entityId: cases[0] });
    expect(again).toEqual(results[0]);
    const next = await assign(tenantId, 'rr-run-9:assign:1', { entity: 'workspace', entityId: cases[1] });
    expect(next.userId).toBe([ids.A, ids.B, ids.C][10 % 3]);
  });

  it('least busy: the member with the fewest open tasks and active cases; done work does not count', async () => {
    const { tenantId, ids } = await firm(
      (p) => ({ loadBalancing: 'least-busy', members: [{ userId: p.A }, { userId: p.B }] }),
      {
        A: [],
        B: [],
      },
    );
    await models.Task.create([
      { tenantId, title: 'Relire', assigneeId: ids.A, status: 'open' },
      { tenantId, title: 'Appeler', assigneeId: ids.A, status: 'in_progress' },
      { tenantId, title: 'Classer', assigneeId: ids.B, status: 'done' },
    ]);
    await workspace(tenantId, 'VISA', ids.B);
    const task = await models.Task.create({ tenantId, title: 'Nouvelle tâche' });
    const out = await assign(tenantId, 'lb-1', { entity: 'task', entityId: String(task._id) });
    expect(out).toEqual({ userId: ids.B, strategy: 'least-busy' });
    expect(String((await models.Task.findById(task._id).lean())?.assigneeId)).toBe(ids.B);
  });

  it('a firm rule sends the case to the named person; a person named in the params comes first', async () => {
    const { tenantId, ids } = await firm(
      (p) => ({
        members: [{ userId: p.A }, { userId: p.B }],
        rules: [
          { id: 'r-late', name: 'Autres', priority: 500, assignTo: p.A },
          {
            id: 'r-visa',
            name: 'Visas',
            priority: 10,
            when: { '==': [{ var: 'procedureType' }, 'VISA'] },
            assignTo: p.B,
          },
        ],
      }),
      { A: [], B: [] },
    );
    expect(
      await assign(tenantId, 'rule-1', { entity: 'workspace', entityId: await workspace(tenantId, 'VISA') }),
    ).toEqual({
      userId: ids.B,
      strategy: 'explicit',
    });
    expect(
      await assign(tenantId, 'rule-2', { entity: 'workspace', entityId: await workspace(tenantId, 'ASILE') }),
    ).toEqual({
      userId: ids.A,
      strategy: 'explicit',
    });
    expect(
      await assign(tenantId, 'rule-3', {
        entity: 'workspace',
        entityId: await workspace(tenantId, 'VISA'),
        userId: ids.A,
      }),
    ).toEqual({ userId: ids.A, strategy: 'explicit' });
  });

  it('refuses a person of another firm, a disabled one, and skills nobody has', async () => {
    const { tenantId, ids } = await firm((p) => ({ members: [{ userId: p.A, skills: ['asile'] }] }), { A: [] });
    const stranger = await staff(await createTenantFixture(db.connection), 'Z');
    const gone = await staff(tenantId, 'Parti', [], { disabledAt: new Date() });
    const id = await workspace(tenantId);
    for (const userId of [stranger, gone]) {
      await expect(
        assign(tenantId, `x-${userId}`, { entity: 'workspace', entityId: id, userId }),
      ).rejects.toMatchObject({
        code: 'assign.unknown-user',
        retryable: false,
        message: expect.stringMatching(/^\/userId /),
      });
    }
    await expect(
      assign(tenantId, 'x-skill', {
        entity: 'workspace',
        entityId: id,
        strategy: 'skill-based',
        skills: ['fiscalité'],
      }),
    ).rejects.toMatchObject({ code: 'assign.no-candidate', message: expect.stringContaining('fiscalité') });
    expect((await models.Workspace.findById(id).lean())?.assigneeId).toBeUndefined();
    expect(ids.A).toBeDefined();
  });
});

describe('assign_user through the engine', () => {
  it('skill-based by the firm rule for asylum cases; workspace:updated and the timeline; rollback restores', async () => {
    const { tenantId, ids } = await firm(
      (p) => ({
        loadBalancing: 'round-robin',
        members: [
          { userId: p.Paul },
          { userId: p.Ines, skills: ['Asile', 'CNDA'] },
          { userId: p.Marc, skills: ['pénal'] },
        ],
        rules: [
          { id: 'r-asile', name: 'Asile', when: { '==': [{ var: 'procedureType' }, 'ASILE'] }, skills: ['asile'] },
        ],
      }),
      { Paul: [], Ines: [], Marc: [] },
    );
    const workspaceId = await workspace(tenantId, 'ASILE', ids.Paul);
    const event = { type: 'dossier:created', payload: { dossierId: 'd-1', workspaceId, status: 'open' } };
    const run = await runThrough(
      app,
      db,
      tenantId,
      chain('Attribution asile', 'dossier:created', [
        { id: 'assign', action: 'assign_user', params: { entity: 'workspace', entityId: '{{payload.workspaceId}}' } },
      ]),
      event,
    );
    expect(run.error).toBeUndefined();
    expect(run.state.nodes.assign.output).toEqual({ userId: ids.Ines, strategy: 'skill-based' });
    expect(String((await models.Workspace.findById(workspaceId).lean())?.assigneeId)).toBe(ids.Ines);
    const [timeline] = await models.TimelineEvent.find({ tenantId, workspaceId }).lean();
    expect(timeline?.title).toContain('Ines');
    const [updated] = await models.Event.find({
      tenantId,
      type: 'workspace:updated',
      'payload.workspaceId': workspaceId,
    }).lean();
    expect(updated?.payload).toMatchObject({ changes: { assigneeId: ids.Ines }, previous: { assigneeId: ids.Paul } });
    expect(updated?.causation).toHaveLength(1);

    const undo = await runThrough(
      app,
      db,
      tenantId,
      chain('Attribution annulée', 'dossier:created', [
        {
          id: 'assign',
          action: 'assign_user',
          params: { entity: 'workspace', entityId: '{{payload.workspaceId}}', userId: ids.Marc },
        },
        { id: 'undo', action: 'rollback', params: { reason: 'Erreur' } },
      ]),
      { ...event, payload: { ...event.payload, dossierId: 'd-2' } },
    );
    expect(undo.state.nodes.undo.output.compensated).toEqual([
      { nodeId: 'assign', action: 'assign_user', status: 'compensated' },
    ]);
    expect(String((await models.Workspace.findById(workspaceId).lean())?.assigneeId)).toBe(ids.Ines);
  });
});
