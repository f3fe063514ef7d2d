import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWorkflow, findEvent, type Issue, SCHEMA_IDS, validateWith } from '../src/index.ts';

/**
 * Fixture documents and their expected issues. Each folder under `fixtures/` has `valid/` (documents that
 * must give no issue at all), `invalid/` (documents with one mistake each) and `expected.json`, which maps
 * every invalid file name to the complete list of issues it must give (pointer and code).
 */

interface Expected {
  pointer: string;
  code: string;
}

const FIXTURES = join(import.meta.dirname, 'fixtures');

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const jsonFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();

const byPointerThenCode = (a: Expected, b: Expected) =>
  a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
const normalize = (issues: readonly Expected[]): Expected[] =>
  issues.map(({ pointer, code }) => ({ pointer, code })).sort(byPointerThenCode);

/** An event fixture: the event type and its payload; pointers are relative to the payload. */
function checkEvent(fixture: unknown): Issue[] {
  const { type, payload } = fixture as { type: string; payload: unknown };
  const entry = findEvent(type);
  if (!entry) throw new Error(`unknown event type in fixture: ${type}`);
  return validateWith(entry.schemaRef, payload).issues;
}

const SUITES: { folder: string; check: (doc: unknown) => Issue[]; minValid: number; minInvalid: number }[] = [
  { folder: 'workflow', check: (doc) => checkWorkflow(doc).issues, minValid: 12, minInvalid: 40 },
  {
    folder: 'workflow-config',
    check: (doc) => validateWith(SCHEMA_IDS.workflowConfig, doc).issues,
    minValid: 3,
    minInvalid: 6,
  },
  { folder: 'events', check: checkEvent, minValid: 5, minInvalid: 6 },
];

for (const { folder, check, minValid, minInvalid } of SUITES) {
  describe(`${folder} fixtures`, () => {
    const dir = join(FIXTURES, folder);
    const validFiles = jsonFiles(join(dir, 'valid'));
    const invalidFiles = jsonFiles(join(dir, 'invalid'));
    const expected = readJson(join(dir, 'expected.json')) as Record<string, Expected[]>;

    it(`has at least ${minValid} valid and ${minInvalid} invalid documents`, () => {
      expect(validFiles.length).toBeGreaterThanOrEqual(minValid);
      expect(invalidFiles.length).toBeGreaterThanOrEqual(minInvalid);
    });

    it('expected.json names exactly the invalid files present', () => {
      expect(Object.keys(expected).sort()).toEqual(invalidFiles);
      for (const [name, issues] of Object.entries(expected)) {
        expect(issues.length, `${name} expects no issue`).toBeGreaterThan(0);
      }
    });

    describe('valid', () => {
      it.each(validFiles)('%s gives no issue', (file) => {
        const issues = check(readJson(join(dir, 'valid', file)));
        expect(normalize(issues)).toEqual([]);
      });
    });

    describe('invalid', () => {
      it.each(invalidFiles)('%s gives exactly the expected issues', (file) => {
        const issues = check(readJson(join(dir, 'invalid', file)));
        expect(normalize(issues)).toEqual(normalize(expected[file] ?? []));
      });
    });
  });
}
