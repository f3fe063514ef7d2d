import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../settings.ts';
import { runCli } from './main.ts';

const FIXTURES = join(REPO_ROOT, 'schemas', 'test', 'fixtures', 'workflow');
const list = (folder: string) =>
  readdirSync(join(FIXTURES, folder))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(FIXTURES, folder, f));
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  { pointer: string; code: string }[]
>;

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('iapm validate', () => {
  it('exits 0 on every valid fixture', async () => {
    const files = list('valid');
    expect(files.length).toBeGreaterThanOrEqual(10);
    const result = await cli(['validate', ...files]);
    expect(result.out).not.toMatch(/ error /);
    expect(result.code).toBe(0);
  });

  it('exits 1 on each invalid fixture and names the expected pointer and code', async () => {
    const files = list('invalid');
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const file of files) {
      const result = await cli(['validate', file]);
      expect(result.code, file).toBe(1);
      for (const issue of expected[file.split('/').pop() as string] ?? []) {
        expect(result.out, file).toContain(` ${issue.pointer || '/'}`);
        expect(result.out, file).toContain(issue.code);
      }
    }
  });

  it('prints structured issues with --json, in English with --lang en', async () => {
    const file = list('invalid').find((f) => f.includes('unknown-action')) as string;
    const json = await cli(['validate', '--json', file]);
    const [report] = JSON.parse(json.out);
    expect(report).toMatchObject({ ok: false, issues: [{ code: 'catalog.unknown-action' }] });
    expect(report.issues[0].message.fr).toMatch(/Type d'action inconnu/);
    const english = await cli(['validate', '--lang', 'en', file]);
    expect(english.out).toMatch(/Unknown action type/);
  });

  it('reports unreadable JSON as an issue, and usage errors with exit 2', async () => {
    const bad = await cli(['validate', join(REPO_ROOT, 'package.json'), join(REPO_ROOT, 'README.md')]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/README\.md: error \/ json\.parse/);
    expect((await cli(['validate'])).code).toBe(2);
    expect((await cli(['nope'])).code).toBe(2);
  });
});

describe('iapm catalog', () => {
  it('--json lists 36 events, 31 actions, 15 operators and the node kinds', async () => {
    const result = await cli(['catalog', '--json']);
    const catalog = JSON.parse(result.out);
    expect(catalog.events).toHaveLength(36);
    expect(catalog.actions).toHaveLength(31);
    expect(catalog.operators).toHaveLength(15);
    expect(catalog.nodeKinds.map((k: { kind: string }) => k.kind)).toEqual([
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
    const nodeKindActions = catalog.actions.filter((a: { nodeKind?: string }) => a.nodeKind);
    expect(
      Object.fromEntries(nodeKindActions.map((a: { name: string; nodeKind: string }) => [a.name, a.nodeKind])),
    ).toEqual({
      trigger_workflow: 'subflow',
      wait: 'wait',
      branch: 'condition',
      loop: 'loop',
    });
  });

  it('works as `npx iapm` from the repository root', async () => {
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'iapm', 'catalog', '--json'], {
      cwd: REPO_ROOT,
    });
    const catalog = JSON.parse(stdout);
    expect([catalog.events.length, catalog.actions.length, catalog.operators.length]).toEqual([36, 31, 15]);
  }, 30_000);
});

describe('iapm run', () => {
  const workflow = join(REPO_ROOT, 'runtime', 'examples', 'oqtf-recours.workflow.json');
  const event = join(REPO_ROOT, 'runtime', 'examples', 'oqtf-recours.event.json');

  it('stops at awaiting_validation without a decision; the 2-working-day wait ends on Monday 9 November', async () => {
    const result = await cli(['run', workflow, '--event', event, '--json']);
    expect(result.code).toBe(0);
    const trace = JSON.parse(result.out);
    expect(trace.status).toBe('awaiting_validation');
    expect(trace.steps.find((s: { nodeId: string }) => s.nodeId === 'attente-pieces').endedAt).toBe(
      '2026-11-09T15:20:00.000Z',
    );
    expect(Object.keys(trace).sort()).toEqual(['effects', 'endedAt', 'startedAt', 'status', 'steps']);
  });

  it('succeeds with --decide, and --at moves the simulated start', async () => {
    const approved = JSON.parse(
      (await cli(['run', workflow, '--event', event, '--decide', 'projet-recours=APPROVED', '--json'])).out,
    );
    expect(approved.status).toBe('succeeded');
    const later = JSON.parse(
      (
        await cli([
          'run',
          workflow,
          '--event',
          event,
          '--at',
          '2026-12-24T10:00:00+01:00',
          '--default-decision',
          'APPROVED',
          '--json',
        ])
      ).out,
    );
    // Thursday 24 December + 2 working days: Friday 25 is Christmas, so Monday 28 and Tuesday 29.
    expect(later.steps.find((s: { nodeId: string }) => s.nodeId === 'attente-pieces').endedAt).toBe(
      '2026-12-29T09:00:00.000Z',
    );
  });

  it('prints a readable French trace by default', async () => {
    const result = await cli(['run', workflow, '--event', event]);
    expect(result.out).toMatch(/^Statut : awaiting_validation/);
    expect(result.out).toMatch(
      /projet-recours\s+action:generate_document\s+awaiting_validation\s+RED\s+validation PENDING/,
    );
  });

  it('refuses bad arguments and invalid documents', async () => {
    expect((await cli(['run', workflow, '--event', event, '--decide', 'x=MAYBE'])).code).toBe(2);
    expect((await cli(['run', workflow])).code).toBe(2);
    const invalid = join(
      REPO_ROOT,
      'schemas',
      'test',
      'fixtures',
      'workflow',
      'invalid',
      'red-action-declared-green.json',
    );
    const refused = await cli(['run', invalid, '--event', event]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/autonomy\.below-floor/);
  });
});
