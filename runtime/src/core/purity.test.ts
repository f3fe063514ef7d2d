import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Test helpers that may read files: the core's test kit, the domain's test data. */
const TEST_HELPERS = new Set(['test-kit.ts', 'test-data.ts']);

/** Every source file of a pure folder (tests and test helpers excluded). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !TEST_HELPERS.has(entry.name)
      ? [path]
      : [];
  });
}

/** The pure folders: the interpreter core and the CESEDA domain. */
const PURE_DIRS = [import.meta.dirname, join(import.meta.dirname, '..', 'domain')];

const FORBIDDEN_IMPORTS =
  /from\s+['"](node:[^'"]+|fs|net|http|https|child_process|mongoose|mongodb|agenda|@agendajs\/[^'"]+|express|ws|nodemailer|mailparser|ollama|@iapm\/runtime[^'"]*|@iapm\/server)['"]/;
const FORBIDDEN_CALLS = [
  /Date\.now\(/,
  /new Date\(\)/,
  /Math\.random\(/,
  /\bprocess\./,
  /\bsetTimeout\(/,
  /\bsetInterval\(/,
  /\bfetch\(/,
  /\bconsole\./,
];

describe.each(PURE_DIRS.map((dir) => [relative(join(import.meta.dirname, '..'), dir), dir]))(
  '%s is pure',
  (_name, dir) => {
    const files = sourceFiles(dir);
    it('has files to check', () => {
      expect(files.length).toBeGreaterThan(5);
    });

    it.each(files.map((f) => [relative(dir, f), f]))('%s does no I/O and reads no clock', (_name, file) => {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(FORBIDDEN_IMPORTS);
      for (const pattern of FORBIDDEN_CALLS) expect(text).not.toMatch(pattern);
    });
  },
);
