import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../settings.ts';
import { runCli } from './main.ts';

const CORPUS = join(REPO_ROOT, 'runtime', 'src', 'domain', 'extraction', 'corpus');

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('iapm deadline', () => {
  it('prints the JSON result with the documented keys, ISO 8601 with offsets', async () => {
    const result = await cli([
      'deadline',
      '--rule',
      'OQTF-ASSIGNE-OU-DETENU',
      '--notified',
      '2026-03-27T10:15:00+01:00',
      '--mode',
      'hand',
      '--now',
      '2026-03-30T09:00:00+02:00',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.out);
    expect(body).toMatchObject({
      ruleId: 'OQTF-ASSIGNE-OU-DETENU',
      dueAt: '2026-04-03T23:59:59+02:00',
      alertAt: '2026-04-03T23:59:59+02:00',
      urgency: 'eleve',
      confidence: 'medium',
      legalRef: expect.stringContaining('L. 921-1'),
    });
    expect(body.variants.map((v: { label: string; dueAt: string }) => v.dueAt)).toEqual([
      '2026-04-03T23:59:59+02:00',
      '2026-04-04T23:59:59+02:00',
      '2026-04-07T23:59:59+02:00',
    ]);
    expect(body.trace.length).toBeGreaterThan(4);
    expect(body.trace.every((entry: { fr: string; en: string }) => entry.fr && entry.en)).toBe(true);
  });

  it('switches to the former regime for a decision taken before 15 July 2024, and says so', async () => {
    const body = JSON.parse(
      (
        await cli([
          'deadline',
          '--rule',
          'OQTF-RETENTION',
          '--situation',
          'retention',
          '--notified',
          '2024-07-12T18:00:00+02:00',
          '--decision-date',
          '2024-07-12',
          '--now',
          '2024-07-12T19:00:00+02:00',
          '--json',
        ])
      ).out,
    );
    expect([body.ruleId, body.dueAt]).toEqual(['OQTF-ANCIEN-REGIME-48H', '2024-07-14T18:00:00+02:00']);
    expect(body.trace[0].fr).toMatch(/antérieure à l'entrée en vigueur de OQTF-RETENTION/);
  });

  it('takes events, the R. 921-1 switch looking up its rule', async () => {
    const body = JSON.parse(
      (
        await cli([
          'deadline',
          '--rule',
          'OQTF-ORDINAIRE',
          '--notified',
          '2026-03-02T10:15:00+01:00',
          '--event',
          'retention-notified=2026-03-25T17:20:00+01:00',
          '--now',
          '2026-03-25T18:00:00+01:00',
          '--json',
        ])
      ).out,
    );
    expect([body.ruleId, body.requestedRuleId, body.dueAt]).toEqual([
      'OQTF-BASCULE-RETENTION',
      'OQTF-ORDINAIRE',
      '2026-03-27T17:20:00+01:00',
    ]);
  });

  it('chooses the rule from a procedure and a situation', async () => {
    const body = JSON.parse(
      (
        await cli([
          'deadline',
          '--procedure',
          'ASILE',
          '--notified',
          '2026-03-02',
          '--mode',
          'lrar-delivered',
          '--json',
        ])
      ).out,
    );
    expect([body.ruleId, body.dueAt]).toEqual(['CNDA-RECOURS', '2026-04-03T23:59:59+02:00']);
  });

  it('prints a readable French trace by default', async () => {
    const result = await cli([
      'deadline',
      '--rule',
      'OQTF-ORDINAIRE',
      '--notified',
      '2026-03-03T09:00:00+01:00',
      '--now',
      '2026-03-04T09:00:00+01:00',
    ]);
    expect(result.out).toMatch(/^Règle : OQTF-ORDINAIRE/);
    expect(result.out).toMatch(/Échéance : 2026-04-07T23:59:59\+02:00/);
    expect(result.out).toMatch(/dimanche 5 avril 2026 : dimanche — report au jour suivant/);
    expect(result.out).toMatch(/lundi 6 avril 2026 : Lundi de Pâques/);
  });

  it('reports bad input with its pointer (exit 1) and bad usage (exit 2)', async () => {
    const bad = await cli(['deadline', '--rule', 'OQTF-ORDINAIRE', '--notified', '03/03/2026']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/\/notifiedAt deadline\.invalid-datetime — Date et heure non valides/);
    const unknown = await cli(['deadline', '--rule', 'OQTF-NOPE', '--notified', '2026-03-03']);
    expect([unknown.code, unknown.err]).toEqual([1, expect.stringMatching(/rules\.unknown-rule/)]);
    const notInForce = await cli([
      'deadline',
      '--rule',
      'DUBLIN-TRANSFERT',
      '--notified',
      '2024-02-01',
      '--decision-date',
      '2024-01-30',
    ]);
    expect(notInForce.code).toBe(1);
    expect((await cli(['deadline', '--rule', 'OQTF-ORDINAIRE'])).code).toBe(2);
    const help = await cli(['deadline', '--help']);
    expect([help.code, help.out]).toEqual([0, expect.stringMatching(/^usage: iapm deadline/)]);
    expect(
      (await cli(['deadline', '--rule', 'OQTF-ORDINAIRE', '--notified', '2026-03-03', '--mode', 'fax'])).code,
    ).toBe(2);
    expect(
      (await cli(['deadline', '--rule', 'OQTF-ORDINAIRE', '--notified', '2026-03-03', '--event', 'appeal'])).code,
    ).toBe(2);
  });
});

describe('iapm rules', () => {
  it('--json lists the 35 rules with their computation fields', async () => {
    const rules = JSON.parse((await cli(['rules', '--json'])).out);
    expect(rules).toHaveLength(35);
    expect(rules.find((r: { id: string }) => r.id === 'OQTF-ASSIGNE-OU-DETENU').computation.kind).toBe('disputed');
  });

  it('prints a table', async () => {
    const result = await cli(['rules']);
    expect(result.out).toMatch(/OQTF-RETENTION\s+48 h\s+fixed\s+high\s+dès 2024-07-15/);
  });
});

describe('iapm extract', () => {
  it('reads an .eml (MIME, base64, attachment) and prints the documented keys', async () => {
    const result = await cli(['extract', join(CORPUS, '42-eml-base64-attachment.eml'), '--json']);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.out);
    expect(body).toMatchObject({
      procedureType: 'VISA',
      decisionDate: '2026-10-16',
      notificationDate: '2026-10-19',
      trackingNumbers: [{ number: 'CB771204584FR', carrier: 'colissimo', valid: true }],
      emails: ['lina.haddad@example.org'],
    });
    for (const key of ['situation', 'phones', 'people', 'confidence']) expect(body).toHaveProperty(key);
  });

  it('reads a .txt with --received for relative dates, and prints text by default', async () => {
    const result = await cli([
      'extract',
      join(CORPUS, '27-relatif-avant-hier.txt'),
      '--received',
      '2026-11-05T08:30:00+01:00',
    ]);
    expect(result.out).toMatch(/Procédure : OQTF/);
    expect(result.out).toMatch(/Date de notification : 2026-11-03/);
    expect(result.out).toMatch(/Téléphones : \+33639982744/);
  });

  it('reports a missing file (exit 1) and bad usage (exit 2)', async () => {
    expect((await cli(['extract', join(CORPUS, 'nope.txt')])).code).toBe(1);
    expect((await cli(['extract'])).code).toBe(2);
  });
});

describe('as `npx iapm` from the repository root', () => {
  it('computes a deadline', async () => {
    const { stdout } = await promisify(execFile)(
      'npx',
      [
        '--no-install',
        'iapm',
        'deadline',
        '--rule',
        'OQTF-RETENTION',
        '--notified',
        '2026-03-28T10:00:00+01:00',
        '--json',
      ],
      { cwd: REPO_ROOT },
    );
    expect(JSON.parse(stdout).dueAt).toBe('2026-03-30T11:00:00+02:00');
  }, 30_000);
});
