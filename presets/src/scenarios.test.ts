/**
 * Runs every scenario of every shipped preset through the runtime's sandbox (the same core as the engine, virtual
 * time, nothing leaving the process) and checks what it produced: the end status, the steps and their ports in
 * order, when chosen steps ended, the run's output. Every action performed must get parameters valid against its
 * schema, and the outputs a scenario imposes for a deadline or a checklist must be what the CESEDA engine and the
 * checklist data give for the same inputs.
 */
import {
  BUILTIN_TEMPLATE_IDS,
  computeDeadline,
  holidaysOn,
  isWorkingDay,
  runSandbox,
  selectChecklist,
  selectRule,
  type Trace,
  triggerAccepts,
  type Workflow,
} from '@iapm/runtime';
import { findAction, validateWith } from '@iapm/schemas';
import { describe, expect, it } from 'vitest';
import { listRules, loadChecklists } from './ceseda.ts';
import { scenarioRun, validatePresets } from './check.ts';
import { loadPresets } from './presets.ts';

const presets = loadPresets();
const checklists = loadChecklists();

type Step = Trace['steps'][number];
const label = (s: Step) => (s.port ? `${s.nodeId}:${s.port}` : s.nodeId);
const lastStep = (trace: Trace, nodeId: string) => trace.steps.findLast((s) => s.nodeId === nodeId);

/** Every action the run performed (and every draft it prepared) got parameters its schema accepts. */
function paramIssues(trace: Trace): string[] {
  const problems: string[] = [];
  for (const effect of trace.effects) {
    if (effect.type !== 'action.perform' && effect.type !== 'action.prepare') continue;
    const { action, params } = effect.params as { action: string; params: unknown };
    const ref = findAction(action)?.paramsRef as string;
    for (const issue of validateWith(ref, params).issues)
      problems.push(`${effect.nodeId} (${action}) ${issue.pointer} ${issue.message.en}`);
  }
  return problems;
}

/** Imposed `create_deadline` outputs against the deadline engine, computed at the step's simulated time. */
function deadlineMismatches(trace: Trace): string[] {
  const problems: string[] = [];
  for (const step of trace.steps.filter((s) => s.action === 'create_deadline' && s.scripted)) {
    const params = step.input as {
      ruleId?: string;
      procedure?: never;
      situation?: never;
      notifiedAt: string;
      decisionDate?: string;
      notificationMode?: never;
    };
    const output = step.output as { ruleId?: string; dueAt: string; alertAt?: string; urgency?: string };
    const { rule } = selectRule(listRules(), {
      ...(params.ruleId ? { ruleId: params.ruleId } : {}),
      ...(params.procedure ? { procedureType: params.procedure } : {}),
      ...(params.situation ? { situation: params.situation } : {}),
      ...(params.decisionDate ? { decisionDate: params.decisionDate } : {}),
    });
    const computed = computeDeadline(
      rule,
      {
        notifiedAt: params.notifiedAt,
        ...(params.notificationMode ? { mode: params.notificationMode } : {}),
        ...(params.decisionDate ? { decisionDate: params.decisionDate } : {}),
      },
      step.at,
    );
    const same = (a: string | undefined, b: string | undefined) =>
      a === undefined || Date.parse(a) === Date.parse(b ?? '');
    if (output.ruleId && output.ruleId !== computed.ruleId)
      problems.push(`${step.nodeId}: rule ${output.ruleId}, engine ${computed.ruleId}`);
    if (!same(output.dueAt, computed.dueAt))
      problems.push(`${step.nodeId}: dueAt ${output.dueAt}, engine ${computed.dueAt}`);
    if (!same(output.alertAt, computed.alertAt))
      problems.push(`${step.nodeId}: alertAt ${output.alertAt}, engine ${computed.alertAt}`);
    if (output.urgency && output.urgency !== computed.urgency)
      problems.push(`${step.nodeId}: urgency ${output.urgency}, engine ${computed.urgency}`);
  }
  return problems;
}

/** Imposed `create_workspace` outputs count the items of the procedure's checklist. */
function checklistMismatches(trace: Trace): string[] {
  const problems: string[] = [];
  for (const step of trace.steps.filter((s) => s.action === 'create_workspace' && s.scripted)) {
    const params = step.input as { procedureType: never; situation?: never; attachChecklist?: boolean };
    const output = step.output as { checklistItems: number };
    const expected =
      params.attachChecklist === false
        ? 0
        : selectChecklist(checklists, params.procedureType, params.situation).items.length;
    if (output.checklistItems !== expected)
      problems.push(`${step.nodeId}: ${output.checklistItems} checklist items, the checklist data has ${expected}`);
  }
  return problems;
}

describe('the shipped presets', () => {
  it('are at least 12, each with a card, a valid workflow, samples and scenarios', () => {
    expect(presets.length).toBeGreaterThanOrEqual(12);
    expect(validatePresets(undefined, { templates: BUILTIN_TEMPLATE_IDS }).issues).toEqual([]);
  });

  it('cover the intake, the nine procedure families and the three follow-ups of the CESEDA list', () => {
    const byCategory = (category: string) => presets.filter((p) => p.card.category === category).length;
    expect(byCategory('intake')).toBeGreaterThanOrEqual(1);
    expect(byCategory('procedure')).toBeGreaterThanOrEqual(9);
    expect(byCategory('follow-up')).toBeGreaterThanOrEqual(3);
  });

  it('include a scenario whose working-day wait passes over a weekend and a public holiday', () => {
    const crossings: string[] = [];
    for (const preset of presets) {
      for (const { file, scenario } of preset.scenarios) {
        if (scenario.expect.status === 'not_started') continue;
        const { event, options } = scenarioRun(preset, scenario);
        const trace = runSandbox(preset.workflow as Workflow, event, options);
        for (const step of trace.steps) {
          const node = preset.workflow.nodes.find((n) => n.id === step.nodeId) as { calendar?: string } | undefined;
          if (node?.calendar !== 'working-days' || !step.endedAt) continue;
          const days: string[] = [];
          for (let t = Date.parse(step.at); t <= Date.parse(step.endedAt); t += 86_400_000)
            days.push(new Date(t).toISOString().slice(0, 10));
          const weekend = days.some((d) => !isWorkingDay(d) && holidaysOn(d).length === 0);
          const holiday = days.some((d) => holidaysOn(d).length > 0 && ![0, 6].includes(new Date(d).getUTCDay()));
          if (weekend && holiday) crossings.push(`${preset.id}/${file} ${step.nodeId}`);
        }
      }
    }
    expect(crossings.length).toBeGreaterThan(0);
  });
});

describe.each(presets.map((p) => [p.id, p] as const))('preset %s', (_id, preset) => {
  const workflow = preset.workflow as Workflow;
  it.each(preset.scenarios.map((s) => [s.file, s.scenario] as const))('%s', (_file, scenario) => {
    const { event, options } = scenarioRun(preset, scenario);
    const expected = scenario.expect;
    const started = triggerAccepts(workflow, event);
    expect(started).toBe(expected.status !== 'not_started');
    if (!started) return;

    const trace = runSandbox(workflow, event, options);

    expect({ status: trace.status, error: trace.error }).toEqual({ status: expected.status, error: undefined });
    if (expected.steps) expect(trace.steps.map(label)).toEqual(expected.steps);
    for (const [nodeId, at] of Object.entries(expected.endedAt ?? {}))
      expect({ nodeId, endedAt: lastStep(trace, nodeId)?.endedAt }).toEqual({ nodeId, endedAt: at });
    if (expected.runEndedAt) expect(trace.endedAt).toBe(expected.runEndedAt);
    if (expected.output) expect(trace.output).toEqual(expected.output);
    expect(paramIssues(trace)).toEqual([]);
    expect(deadlineMismatches(trace)).toEqual([]);
    expect(checklistMismatches(trace)).toEqual([]);
  });
});
