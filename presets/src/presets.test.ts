import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_TEMPLATE_IDS } from '@iapm/runtime';
import type { PresetScenario } from '@iapm/schemas';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPreset, scenarioRun, validatePresets } from './check.ts';
import { listPresets, PRESETS_DIR, PresetError, presetIds, readPreset } from './presets.ts';

const EXPECTED = [
  'accueil-email',
  'cnda-recours',
  'document-recu',
  'dublin-transfert',
  'facture-impayee',
  'naturalisation',
  'oqtf-assigne-detenu',
  'oqtf-libre',
  'oqtf-retention',
  'pieces-manquantes',
  'refus-titre',
  'regroupement-familial',
  'visa-refus',
];

describe('listPresets', () => {
  it('lists the shipped presets with their card, trigger, gates, samples and scenarios', () => {
    const presets = listPresets();
    expect(presets.map((p) => p.id)).toEqual(EXPECTED);
    const oqtf = presets.find((p) => p.id === 'oqtf-libre');
    expect(oqtf).toMatchObject({
      category: 'procedure',
      procedure: 'OQTF',
      rules: ['OQTF-ORDINAIRE'],
      trigger: { event: 'email:classified' },
      gates: { red: 1, orange: 0 },
    });
    expect(oqtf?.name.fr).toMatch(/^OQTF/);
    expect(oqtf?.description.en.length).toBeGreaterThan(50);
    expect(oqtf?.samples).toContain('samples/oqtf-notifiee.json');
    expect(oqtf?.scenarios.map((s) => s.file)).toContain('scenarios/projet-valide-rappels.json');
    expect(oqtf?.nodeCount).toBeGreaterThan(15);
    // The intake gates nothing: it only classifies, records and alerts.
    expect(presets.find((p) => p.id === 'accueil-email')?.gates).toEqual({ orange: 0, red: 0 });
  });
});

describe('readPreset', () => {
  it('reads one preset: its card, workflow, samples and scenarios', () => {
    const preset = readPreset('oqtf-retention');
    expect(preset.card.id).toBe('oqtf-retention');
    expect(preset.workflow.nodes.find((n) => n.kind === 'trigger')).toMatchObject({ event: 'email:classified' });
    expect(preset.samples.map((s) => s.event.type)).toContain('email:classified');
    expect(preset.scenarios.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['a preset that does not exist', 'oqtf-inexistante'],
    ['a path outside the presets folder', '../schemas'],
    ['the rule data folder', 'ceseda'],
    ['an id with capitals', 'OQTF-libre'],
  ])('refuses %s with preset.unknown', (_what, id) => {
    expect(() => readPreset(id)).toThrow(PresetError);
    try {
      readPreset(id);
    } catch (error) {
      expect((error as PresetError).issues).toMatchObject([
        { code: 'preset.unknown', message: { fr: expect.any(String) } },
      ]);
    }
  });
});

describe('checking presets', () => {
  let dir: string;
  const copy = (id: string) => {
    dir ??= mkdtempSync(join(tmpdir(), 'iapm-presets-'));
    cpSync(join(PRESETS_DIR, id), join(dir, id), { recursive: true });
  };
  const edit = (id: string, file: string, change: (data: Record<string, unknown>) => void) => {
    const path = join(dir, id, file);
    const data = JSON.parse(readFileSync(path, 'utf8'));
    change(data);
    writeFileSync(path, JSON.stringify(data));
  };
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined as unknown as string;
  });

  it('finds nothing wrong with the shipped presets', () => {
    expect(validatePresets()).toEqual({ presets: EXPECTED.length, issues: [] });
  });

  it('reports each problem of a broken preset with its file and pointer, in French and English', () => {
    copy('oqtf-libre');
    edit('oqtf-libre', 'preset.json', (card) => {
      card.id = 'oqtf-autre';
    });
    edit('oqtf-libre', 'workflow.json', (wf) => {
      const nodes = wf.nodes as { id: string; params: Record<string, unknown> }[];
      const depot = nodes.find((n) => n.id === 'depot') as { params: Record<string, unknown> };
      depot.params.priority = 'immediate';
      wf.name = 'Autre nom';
    });
    edit('oqtf-libre', 'samples/procedure-deposee.json', (event) => {
      (event.payload as Record<string, unknown>).status = 'perdu';
    });
    edit('oqtf-libre', 'scenarios/depot-avant-j7.json', (scenario) => {
      scenario.decisions = { fantome: 'APPROVED' };
      const outputs = scenario.outputs as Record<string, Record<string, unknown>>;
      (outputs.delai as Record<string, unknown>).dueAt = 'lundi';
      scenario.events = ['samples/absent.json'];
      (scenario.expect as { steps: string[] }).steps.push('nulle-part');
    });
    const { presets, issues } = validatePresets(dir);
    expect(presets).toBe(1);
    const found = issues.map((i) => `${i.file} ${i.pointer} ${i.code}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'preset.json /id preset.id-mismatch',
        expect.stringMatching(/^workflow\.json \/nodes\/\d+\/params\/priority schema\.enum$/),
        'workflow.json /name preset.inconsistent',
        'samples/procedure-deposee.json /payload/status schema.enum',
        'scenarios/depot-avant-j7.json /decisions/fantome preset.unknown-node',
        'scenarios/depot-avant-j7.json /outputs/delai/dueAt schema.format',
        'scenarios/depot-avant-j7.json /events/0 preset.unknown-sample',
        expect.stringMatching(/^scenarios\/depot-avant-j7\.json \/expect\/steps\/\d+ preset\.unknown-node$/),
      ]),
    );
    for (const issue of issues) {
      expect(issue.presetId).toBe('oqtf-libre');
      expect(issue.message.fr).not.toBe('');
      expect(issue.message.en).not.toBe('');
    }
  });

  it('refuses a decision for a node that is not an action, and a preset without samples for its trigger', () => {
    copy('facture-impayee');
    rmSync(join(dir, 'facture-impayee', 'samples', 'facture-en-retard.json'));
    edit('facture-impayee', 'scenarios/payee-apres-relance.json', (scenario) => {
      scenario.event = 'samples/facture-payee.json';
      scenario.decisions = { 'attente-paiement': 'APPROVED' };
    });
    const codes = validatePresets(dir).issues.map((i) => `${i.file} ${i.pointer} ${i.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'samples  preset.no-sample',
        'scenarios/payee-apres-relance.json /event api.trigger-mismatch',
        'scenarios/payee-apres-relance.json /decisions/attente-paiement preset.not-action-node',
        'scenarios/paiement-partiel-puis-tache.json /event preset.unknown-sample',
      ]),
    );
  });

  it('reports a document step naming a template the platform does not provide, with its node and pointer', () => {
    copy('oqtf-libre');
    edit('oqtf-libre', 'workflow.json', (workflow) => {
      const nodes = workflow.nodes as { id: string; params: Record<string, unknown> }[];
      const node = nodes.find((n) => n.id === 'projet');
      if (node) node.params.template = 'requete-oqtf-sur-mesure';
    });
    const templates = { templates: BUILTIN_TEMPLATE_IDS };
    const { issues } = validatePresets(dir, templates);
    const index = readPreset('oqtf-libre', dir).workflow.nodes.findIndex((n) => n.id === 'projet');
    expect(issues.map((i) => `${i.file} ${i.pointer} ${i.code}`)).toEqual([
      `workflow.json /nodes/${index}/params/template preset.unknown-template`,
    ]);
    expect(issues[0]?.message.fr).toContain('« projet » utilise le modèle de document « requete-oqtf-sur-mesure »');
    expect(issues[0]?.message.en).toContain('requete-oqtf-ordinaire');
    // Without the platform's list, templates are not checked.
    expect(validatePresets(dir).issues).toEqual([]);
    // Every shipped preset names built-in templates only.
    expect(validatePresets(PRESETS_DIR, templates).issues).toEqual([]);
  });

  it('turns a file that is not JSON, or has the wrong shape, into issues rather than an exception', () => {
    copy('document-recu');
    copy('facture-impayee');
    writeFileSync(join(dir, 'document-recu', 'workflow.json'), '{ "nodes": [');
    edit('facture-impayee', 'scenarios/sans-dossier.json', (scenario) => {
      scenario.expect = { status: 'peut-être' };
    });
    const { presets, issues } = validatePresets(dir);
    expect(presets).toBe(2);
    expect(issues.map((i) => `${i.presetId} ${i.file} ${i.pointer} ${i.code}`)).toEqual([
      'document-recu workflow.json  json.parse',
      'facture-impayee scenarios/sans-dossier.json /expect/status schema.enum',
    ]);
    expect(presetIds(dir)).toEqual(['document-recu', 'facture-impayee']);
  });
});

describe('scenarioRun', () => {
  it('resolves the sample files a scenario names into events and sandbox options', () => {
    const preset = readPreset('oqtf-libre');
    const scenario = preset.scenarios.find((s) => s.file === 'scenarios/depot-avant-j7.json')
      ?.scenario as PresetScenario;
    const run = scenarioRun(preset, scenario);
    expect(run.event).toEqual(preset.samples.find((s) => s.file === 'samples/oqtf-notifiee.json')?.event);
    expect(run.options.events?.[0]?.type).toBe('procedure:status_changed');
    expect(run.options.decisions).toEqual({ projet: 'APPROVED' });
    expect(Object.keys(run.options.outputs ?? {})).toEqual(['dossier', 'procedure', 'delai']);
  });

  it('checks a preset read from elsewhere the same way', () => {
    expect(checkPreset(readPreset('naturalisation'), { templates: BUILTIN_TEMPLATE_IDS })).toEqual([]);
  });
});
