import { beforeAll, describe, expect, it } from 'vitest';
import { createTenantFixture } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import {
  deleteDocumentTemplate,
  findDocumentTemplate,
  listDocumentTemplates,
  putDocumentTemplate,
  TemplateError,
} from './templates.ts';

let db: TestDatabase;
let firm: string;
let other: string;

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  firm = await createTenantFixture(db.connection);
  other = await createTenantFixture(db.connection);
});

describe('document templates', () => {
  it("keeps each firm's templates to itself; a firm's template replaces the built-in one of its id", async () => {
    const own = {
      id: 'recours-gracieux-refus-titre',
      name: 'Notre recours',
      title: 'Recours',
      body: 'Texte du cabinet',
    };
    await putDocumentTemplate(db.connection, firm, own);
    expect(await findDocumentTemplate(db.connection, firm, own.id)).toMatchObject({
      body: 'Texte du cabinet',
      source: 'firm',
    });
    expect(await findDocumentTemplate(db.connection, other, own.id)).toMatchObject({ source: 'builtin' });
    const listed = await listDocumentTemplates(db.connection, firm);
    const sources = listed.map((t) => `${t.id}:${t.source}`);
    expect(sources).toContain('accuse-reception-dossier:builtin');
    expect(sources).toContain('recours-gracieux-refus-titre:firm');
    expect(sources).not.toContain('recours-gracieux-refus-titre:builtin');
    expect(sources).toEqual([...sources].sort());
    expect(await deleteDocumentTemplate(db.connection, other, own.id)).toBe(false);
    expect(await deleteDocumentTemplate(db.connection, firm, own.id)).toBe(true);
    expect(await findDocumentTemplate(db.connection, firm, own.id)).toMatchObject({ source: 'builtin' });
    expect(await findDocumentTemplate(db.connection, firm, 'inconnu')).toBeUndefined();
  });

  it('refuses a malformed template with the pointer of the mistake, in French and English', async () => {
    const bad = (patch: Record<string, unknown>) =>
      putDocumentTemplate(db.connection, firm, { id: 'ok', name: 'n', title: 't', body: 'b', ...patch } as never);
    await expect(bad({ id: '../x' })).rejects.toMatchObject({ pointer: '/id' });
    await expect(bad({ body: '' })).rejects.toBeInstanceOf(TemplateError);
    await expect(bad({ filename: 'a/b' })).rejects.toMatchObject({
      pointer: '/filename',
      en: 'must not contain a path',
    });
    await expect(bad({ format: 'odt' })).rejects.toMatchObject({
      pointer: '/format',
      fr: 'doit être « pdf » ou « docx »',
    });
    await expect(bad({ body: 'Avant le {{echeance | jour}}.' })).rejects.toMatchObject({
      pointer: '/body',
      en: 'unknown filter: jour (known: date, datetime, upper)',
    });
    expect(await findDocumentTemplate(db.connection, firm, 'ok')).toBeUndefined();
  });
});
