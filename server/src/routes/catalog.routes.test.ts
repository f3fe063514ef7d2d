import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../services/catalog.service.ts';
import { catalogRoutes } from './catalog.routes.ts';

const app = express().use(catalogRoutes({ handlers: ['create_note', 'send_email'] }));

describe('GET /api/catalog', () => {
  it('gives the studio events, actions, operators and node kinds with schemas and bilingual labels', async () => {
    const res = await request(app).get('/api/catalog').expect(200);
    const body = res.body as ReturnType<typeof buildCatalog>;
    expect(body.events).toHaveLength(36);
    expect(body.actions).toHaveLength(31);
    expect(body.operators).toHaveLength(15);
    expect(body.nodeKinds.map((k) => k.kind)).toEqual([
      'trigger',
      'condition',
      'switch',
      'action',
      'wait',
      'parallel',
      'join',
      'loop',
      'subflow',
      'end',
    ]);
    const created = body.events.find((e) => e.type === 'client:created');
    expect(created?.label.fr).toBeTruthy();
    expect(created?.label.en).toBeTruthy();
    expect(created?.payloadSchema).toMatchObject({ type: 'object', properties: { clientId: expect.any(Object) } });
    // No `$ref` is left for the studio to resolve.
    expect(JSON.stringify(body)).not.toContain('"$ref"');
    const draft = body.actions.find((a) => a.name === 'generate_document');
    expect(draft).toMatchObject({
      autonomy: 'ORANGE',
      available: false,
      paramsSchema: { required: ['template', 'workspaceId'] },
    });
    expect(draft?.outputSchema).toMatchObject({ type: 'object' });
    expect(body.actions.find((a) => a.name === 'create_note')).toMatchObject({ autonomy: 'GREEN', available: true });
    expect(body.actions.find((a) => a.name === 'wait')).toMatchObject({ nodeKind: 'wait', available: true });
    const wait = body.nodeKinds.find((k) => k.kind === 'wait');
    expect(wait?.schema).toMatchObject({ properties: { for: expect.any(Object), calendar: expect.any(Object) } });
    expect(wait?.ports).toEqual(['next', 'event', 'timeout']);
  });

  it('lists the labelled values the forms need, French first', async () => {
    const body = (await request(app).get('/api/catalog').expect(200)).body as ReturnType<typeof buildCatalog>;
    expect(body.autonomyLevels.map((l) => l.id)).toEqual(['GREEN', 'ORANGE', 'RED']);
    expect(body.autonomyLevels[2]).toMatchObject({
      label: { fr: 'Rouge — validation obligatoire' },
      colour: '#c62828',
    });
    expect(body.decisions.map((d) => d.id)).toEqual(['APPROVED', 'MODIFIED_APPROVED', 'REJECTED']);
    expect(body.procedures.find((p) => p.id === 'OQTF')?.label).toEqual({ fr: 'OQTF', en: 'OQTF (removal order)' });
    expect(body.urgencies.map((u) => u.id)).toEqual(['faible', 'moyen', 'eleve', 'critique']);
    expect(body.runStatuses.map((s) => s.id)).toContain('awaiting_validation');
    expect(body.eventCategories.reduce((n, c) => n + c.count, 0)).toBe(36);
    expect(body.actionCategories.reduce((n, c) => n + c.count, 0)).toBe(31);
  });

  it('answers 304 to a studio that already has this version', async () => {
    const first = await request(app).get('/api/catalog').expect(200);
    expect(first.headers.etag).toBe(`"${first.body.version}"`);
    await request(app).get('/api/catalog').set('if-none-match', String(first.headers.etag)).expect(304);
    // Another set of handlers is another version.
    expect(buildCatalog({ handlers: [] }).version).not.toBe(first.body.version);
  });
});
