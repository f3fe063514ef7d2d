import { join } from 'node:path';
import { readPreset } from '@iapm/presets';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../settings.ts';
import { runCli } from './main.ts';

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const presetFile = (id: string, file: string) => join(REPO_ROOT, 'presets', id, file);

describe('iapm presets', () => {
  it('--json lists every preset with its card, trigger and scenarios', async () => {
    const result = await cli(['presets', '--json']);
    expect(result.code).toBe(0);
    const presets = JSON.parse(result.out) as { id: string; name: { fr: string }; trigger: { event: string } }[];
    expect(presets.length).toBeGreaterThanOrEqual(12);
    expect(presets.find((p) => p.id === 'pieces-manquantes')).toMatchObject({
      category: 'follow-up',
      trigger: { event: 'document:missing' },
      gates: { orange: 2, red: 0 },
    });
  });

  it('prints the gallery in French, and --check says every preset is valid', async () => {
    const result = await cli(['presets', '--check']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Modèles de workflow \(\d+\)/);
    expect(result.out).toMatch(/oqtf-retention\s+procédure\s+email:classified\s+1 R \/ 0 O/);
    expect(result.out).toContain('Tous les modèles sont valides.');
  });
});

describe('iapm run on the presets', () => {
  it('runs every preset on each of its samples for its trigger (exit 0, a trace, no failed run)', async () => {
    const runs: string[] = [];
    for (const id of [
      'accueil-email',
      'oqtf-libre',
      'oqtf-retention',
      'naturalisation',
      'pieces-manquantes',
      'document-recu',
    ]) {
      const preset = readPreset(id);
      const trigger = preset.workflow.nodes.find((n) => n.kind === 'trigger') as { event: string };
      for (const sample of preset.samples.filter((s) => s.event.type === trigger.event)) {
        const result = await cli([
          'run',
          presetFile(id, 'workflow.json'),
          '--event',
          presetFile(id, sample.file),
          '--json',
        ]);
        expect(result.code, `${id} ${sample.file}: ${result.out.slice(0, 300)}`).toBe(0);
        const trace = JSON.parse(result.out);
        expect(['succeeded', 'waiting', 'awaiting_validation']).toContain(trace.status);
        runs.push(`${id}/${sample.file}`);
      }
    }
    expect(runs.length).toBeGreaterThanOrEqual(6);
  });

  it('stops the OQTF préset at its RED gate without a decision, and goes on with --decide', async () => {
    const args = [
      'run',
      presetFile('oqtf-libre', 'workflow.json'),
      '--event',
      presetFile('oqtf-libre', 'samples/oqtf-notifiee.json'),
    ];
    const gated = JSON.parse((await cli([...args, '--json'])).out);
    expect(gated.steps.find((s: { nodeId: string }) => s.nodeId === 'projet')).toMatchObject({
      status: 'awaiting_validation',
      autonomy: 'RED',
    });
    const decided = JSON.parse((await cli([...args, '--decide', 'projet=REJECTED', '--json'])).out);
    expect(decided.steps.find((s: { nodeId: string }) => s.nodeId === 'note-refus')?.status).toBe('succeeded');
  });

  it('--scenario brings the scenario’s decisions, imposed outputs and events: the reminders fall on their dates', async () => {
    const result = await cli([
      'run',
      presetFile('oqtf-libre', 'workflow.json'),
      '--event',
      presetFile('oqtf-libre', 'samples/oqtf-notifiee.json'),
      '--scenario',
      presetFile('oqtf-libre', 'scenarios/projet-valide-rappels.json'),
      '--json',
    ]);
    expect(result.code).toBe(0);
    const trace = JSON.parse(result.out);
    expect(trace.status).toBe('succeeded');
    expect(trace.steps.find((s: { nodeId: string }) => s.nodeId === 'attente-j7').endedAt).toBe(
      '2026-11-30T07:59:59.000Z',
    );
    expect(trace.steps.find((s: { nodeId: string }) => s.nodeId === 'delai').scripted).toBe(true);
    // Alone, --scenario takes the scenario's event; the text trace marks imposed outputs.
    const text = await cli([
      'run',
      presetFile('oqtf-libre', 'workflow.json'),
      '--scenario',
      presetFile('oqtf-libre', 'scenarios/depot-avant-j7.json'),
    ]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Statut : succeeded/);
    expect(text.out).toMatch(/delai\s+action:create_deadline.*\(sortie imposée\)/);
  });

  it('warns when the trigger would not take the event, and reports a broken scenario with its pointer', async () => {
    const workflow = presetFile('oqtf-libre', 'workflow.json');
    const other = await cli([
      'run',
      workflow,
      '--event',
      presetFile('oqtf-retention', 'samples/oqtf-retention.json'),
      '--json',
    ]);
    expect(other.err).toMatch(/n'accepte pas cet événement/);
    const broken = await cli(['run', workflow, '--scenario', presetFile('oqtf-libre', 'workflow.json')]);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/error \/title schema\.required/);
  });
});
