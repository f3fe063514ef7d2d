import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  checkWorkflow,
  findEvent,
  getCatalog,
  getValidator,
  providePrecompiledValidators,
  SCHEMA_IDS,
  validateWith,
} from '@iapm/schemas';
import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { precompiledRefs, precompiledValidatorsModule } from './precompile-validators.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'schemas', 'test', 'fixtures');
const files = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));
const read = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const workflowFixtures = ['valid', 'invalid'].flatMap((d) => files(join(FIXTURES, 'workflow', d)));
const eventFixtures = ['valid', 'invalid'].flatMap((d) => files(join(FIXTURES, 'events', d)));
const configFixtures = ['valid', 'invalid'].flatMap((d) => files(join(FIXTURES, 'workflow-config', d)));

function checkAll() {
  return {
    workflows: workflowFixtures.map((f) => checkWorkflow(read(f)).issues),
    events: eventFixtures.map((f) => {
      const { type, payload } = read(f) as { type: string; payload: unknown };
      return validateWith(findEvent(type)?.schemaRef ?? '', payload).issues;
    }),
    configs: configFixtures.map((f) => validateWith(SCHEMA_IDS.workflowConfig, read(f)).issues),
  };
}

describe('validators precompiled for the browser', () => {
  let table: Record<string, ValidateFunction>;
  beforeAll(async () => {
    // Written inside the repository so that the module's bare imports (ajv, ajv-formats) resolve.
    const dir = join(ROOT, 'node_modules', '.cache', 'iapm');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `validators-${process.pid}.mjs`);
    writeFileSync(file, precompiledValidatorsModule());
    table = (await import(pathToFileURL(file).href)).byRef;
  }, 120_000);

  it('covers the workflow, the settings, every action and every event', () => {
    const catalog = getCatalog();
    const refs = precompiledRefs();
    expect(refs).toContain(SCHEMA_IDS.workflow);
    expect(refs).toContain(SCHEMA_IDS.workflowConfig);
    for (const a of catalog.actions) if (a.paramsRef) expect(refs).toContain(a.paramsRef);
    for (const e of catalog.events) expect(refs).toContain(e.schemaRef);
    expect(Object.keys(table).sort()).toEqual([...refs].sort());
  });

  it('give exactly the issues of validators compiled at run time, on every schema fixture', () => {
    const compiledAtRunTime = checkAll();
    expect(compiledAtRunTime.workflows.some((issues) => issues.length > 0)).toBe(true);
    expect(compiledAtRunTime.events.some((issues) => issues.length > 0)).toBe(true);
    const before = getValidator(SCHEMA_IDS.workflow);
    providePrecompiledValidators(table);
    expect(getValidator(SCHEMA_IDS.workflow)).not.toBe(before);
    expect(getValidator(SCHEMA_IDS.workflow)).toBe(table[SCHEMA_IDS.workflow]);
    expect(checkAll()).toEqual(compiledAtRunTime);
  });

  it('contain no code generated at run time', () => {
    const source = precompiledValidatorsModule();
    expect(source).not.toMatch(/\bnew Function\b|\beval\(/);
    expect(source).not.toMatch(/\brequire\(/);
  });
});
