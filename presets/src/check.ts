/**
 * Checks a preset beyond the shape of its files: the workflow passes the schema and graph checks, the card and
 * the workflow agree, every sample event has a known type and a payload valid against its schema, at least one
 * sample starts the workflow, and every scenario names existing samples and action nodes, with imposed outputs
 * valid against the actions' output schemas. Also turns a scenario into the event and options of a sandbox run.
 */
import {
  type CheckedDocument,
  checkWorkflow,
  findAction,
  findEvent,
  type PresetSampleEvent,
  type PresetScenario,
  pointer,
  validateWith,
} from '@iapm/schemas';
import {
  PRESETS_DIR,
  type Preset,
  PresetError,
  type PresetIssue,
  presetIds,
  presetIssue,
  readPreset,
} from './presets.ts';

type Node = CheckedDocument['nodes'][number];

function triggerEvent(preset: Preset): string | undefined {
  const trigger = preset.workflow.nodes.find((n) => n.kind === 'trigger') as
    | { event?: string; cron?: unknown }
    | undefined;
  return trigger?.event ?? (trigger?.cron ? 'system:scheduled' : undefined);
}

function eventIssues(presetId: string, file: string, event: PresetSampleEvent, at: string): PresetIssue[] {
  const entry = findEvent(event.type);
  if (!entry) return [presetIssue(presetId, file, `${at}/type`, 'catalog.unknown-event', { event: event.type })];
  return validateWith(entry.schemaRef, event.payload, `${at}/payload`).issues.map((i) => ({ ...i, presetId, file }));
}

/** The sample a scenario names (`samples/x.json`), or its inline event. */
function resolveEvent(preset: Preset, ref: PresetScenario['event']): PresetSampleEvent | undefined {
  return typeof ref === 'string' ? preset.samples.find((s) => s.file === ref)?.event : ref;
}

function scenarioIssues(preset: Preset, file: string, scenario: PresetScenario, trigger?: string): PresetIssue[] {
  const issues: PresetIssue[] = [];
  const id = preset.id;
  const nodes = new Map(preset.workflow.nodes.map((n) => [n.id, n as Node]));
  const refs: [PresetScenario['event'], string][] = [
    [scenario.event, '/event'],
    ...(scenario.events ?? []).map((e, i): [PresetScenario['event'], string] => [e, pointer('events', i)]),
  ];
  for (const [ref, at] of refs) {
    const event = resolveEvent(preset, ref);
    if (!event) issues.push(presetIssue(id, file, at, 'preset.unknown-sample', { file: String(ref) }));
    else if (typeof ref !== 'string') issues.push(...eventIssues(id, file, event, at));
  }
  const started = resolveEvent(preset, scenario.event);
  if (started && trigger && started.type !== trigger)
    issues.push(presetIssue(id, file, '/event', 'api.trigger-mismatch', { expected: trigger }));
  const actionNode = (nodeId: string, at: string): Node | undefined => {
    const node = nodes.get(nodeId);
    if (!node) issues.push(presetIssue(id, file, at, 'preset.unknown-node', { node: nodeId }));
    else if (node.kind !== 'action') issues.push(presetIssue(id, file, at, 'preset.not-action-node', { node: nodeId }));
    return node?.kind === 'action' ? node : undefined;
  };
  for (const [nodeId, answer] of Object.entries(scenario.decisions ?? {})) {
    const node = actionNode(nodeId, pointer('decisions', nodeId));
    const params = typeof answer === 'object' ? answer?.params : undefined;
    const paramsRef = node?.action ? findAction(node.action)?.paramsRef : undefined;
    if (params !== undefined && paramsRef) {
      const at = pointer('decisions', nodeId, 'params');
      issues.push(...validateWith(paramsRef, params, at).issues.map((i) => ({ ...i, presetId: id, file })));
    }
  }
  for (const [nodeId, output] of Object.entries(scenario.outputs ?? {})) {
    const node = actionNode(nodeId, pointer('outputs', nodeId));
    const outputRef = node?.action ? findAction(node.action)?.outputRef : undefined;
    if (outputRef) {
      const at = pointer('outputs', nodeId);
      issues.push(...validateWith(outputRef, output, at).issues.map((i) => ({ ...i, presetId: id, file })));
    }
  }
  for (const nodeId of Object.keys(scenario.failures ?? {})) actionNode(nodeId, pointer('failures', nodeId));
  (scenario.expect.steps ?? []).forEach((step, i) => {
    const nodeId = step.split(':')[0] as string;
    if (!nodes.has(nodeId))
      issues.push(presetIssue(id, file, pointer('expect', 'steps', i), 'preset.unknown-node', { node: nodeId }));
  });
  for (const nodeId of Object.keys(scenario.expect.endedAt ?? {})) {
    if (!nodes.has(nodeId))
      issues.push(presetIssue(id, file, pointer('expect', 'endedAt', nodeId), 'preset.unknown-node', { node: nodeId }));
  }
  return issues;
}

/** What the platform provides that a preset may name: the built-in document templates (`@iapm/runtime`). */
export interface PresetCheckOptions {
  /** Ids of the built-in document templates; when given, every `generate_document` must name one of them. */
  templates?: Iterable<string>;
}

/**
 * The `generate_document` nodes naming a template the platform does not provide: a preset is installed into
 * firms that have no template of their own, so its documents must come from the built-in ones.
 */
function templateIssues(preset: Preset, templates: Iterable<string>): PresetIssue[] {
  const known = [...templates];
  const issues: PresetIssue[] = [];
  preset.workflow.nodes.forEach((node, index) => {
    const { action, params } = node as { action?: string; params?: { template?: unknown } };
    if (action !== 'generate_document') return;
    const template = params?.template;
    if (typeof template === 'string' && known.includes(template)) return;
    issues.push(
      presetIssue(
        preset.id,
        'workflow.json',
        pointer('nodes', index, 'params', 'template'),
        'preset.unknown-template',
        {
          node: node.id,
          template: typeof template === 'string' ? template : JSON.stringify(template ?? null),
          known: known.join(', ') || '—',
        },
      ),
    );
  });
  return issues;
}

/**
 * Everything wrong with a preset that its files' shapes do not show (empty when it is fine). Warnings of the
 * graph checker are not reported; its errors are, with the node they concern. With `options.templates`, also
 * every document step naming a template that is not built in.
 */
export function checkPreset(preset: Preset, options: PresetCheckOptions = {}): PresetIssue[] {
  const id = preset.id;
  const issues: PresetIssue[] = [];
  if (preset.card.id !== id)
    issues.push(presetIssue(id, 'preset.json', '/id', 'preset.id-mismatch', { id: preset.card.id, folder: id }));
  const checked = checkWorkflow(preset.workflow);
  issues.push(
    ...checked.issues.filter((i) => i.severity === 'error').map((i) => ({ ...i, presetId: id, file: 'workflow.json' })),
  );
  const agree: [string, unknown, unknown][] = [
    ['name', preset.workflow.name, preset.card.name.fr],
    ['description', preset.workflow.description, preset.card.description.fr],
    ['procedure', preset.workflow.procedure, preset.card.procedure],
  ];
  for (const [field, inWorkflow, onCard] of agree) {
    if (inWorkflow !== onCard)
      issues.push(presetIssue(id, 'workflow.json', `/${field}`, 'preset.inconsistent', { field }));
  }
  for (const sample of preset.samples) issues.push(...eventIssues(id, sample.file, sample.event, ''));
  const trigger = triggerEvent(preset);
  if (trigger && !preset.samples.some((s) => s.event.type === trigger))
    issues.push(presetIssue(id, 'samples', '', 'preset.no-sample', { event: trigger }));
  if (preset.scenarios.length === 0) issues.push(presetIssue(id, 'scenarios', '', 'preset.no-scenario'));
  for (const { file, scenario } of preset.scenarios) issues.push(...scenarioIssues(preset, file, scenario, trigger));
  if (options.templates) issues.push(...templateIssues(preset, options.templates));
  return issues;
}

/**
 * Reads and checks every preset of `dir`; a preset whose files cannot be read counts with the issues of its
 * files. Returns how many presets were found and every issue (none when all are fine). The runtime's built-in
 * template ids (`BUILTIN_TEMPLATE_IDS`) go in `options.templates`: this package does not import the runtime.
 */
export function validatePresets(
  dir: string = PRESETS_DIR,
  options: PresetCheckOptions = {},
): { presets: number; issues: PresetIssue[] } {
  const ids = presetIds(dir);
  const issues: PresetIssue[] = [];
  for (const id of ids) {
    try {
      issues.push(...checkPreset(readPreset(id, dir), options));
    } catch (error) {
      if (!(error instanceof PresetError)) throw error;
      issues.push(...error.issues);
    }
  }
  return { presets: ids.length, issues };
}

type Decision = 'APPROVED' | 'MODIFIED_APPROVED' | 'REJECTED';

/** The event and sandbox options of a scenario (samples resolved; the caller passes them to `runSandbox`). */
export interface ScenarioRun {
  event: PresetSampleEvent & { payload: Record<string, unknown> };
  options: {
    at?: string;
    decisions?: Record<string, Decision | { decision: Decision; params?: unknown; comment?: string }>;
    defaultDecision?: 'APPROVED' | 'REJECTED';
    outputs?: Record<string, unknown>;
    failures?: Record<string, { times: number; code?: string; message?: string }>;
    events?: (PresetSampleEvent & { payload: Record<string, unknown> })[];
    horizonDays?: number;
  };
}

/** A map without its undefined entries (the generated types allow them; the sandbox does not). */
function defined<T>(map: Record<string, T | undefined>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).filter((entry): entry is [string, T] => entry[1] !== undefined));
}

/** Resolves a scenario's sample references. Throws a {@link PresetError} when one names no sample. */
export function scenarioRun(preset: Preset, scenario: PresetScenario): ScenarioRun {
  const resolve = (ref: PresetScenario['event'], at: string) => {
    const event = resolveEvent(preset, ref);
    if (!event)
      throw new PresetError([presetIssue(preset.id, 'scenarios', at, 'preset.unknown-sample', { file: String(ref) })]);
    return event as ScenarioRun['event'];
  };
  const { at, decisions, defaultDecision, outputs, failures, events, horizonDays } = scenario;
  return {
    event: resolve(scenario.event, '/event'),
    options: {
      ...(at ? { at } : {}),
      ...(decisions ? { decisions: defined(decisions) } : {}),
      ...(defaultDecision ? { defaultDecision } : {}),
      ...(outputs ? { outputs: defined(outputs) } : {}),
      ...(failures ? { failures: defined(failures) } : {}),
      ...(events ? { events: events.map((e, i) => resolve(e, pointer('events', i))) } : {}),
      ...(horizonDays ? { horizonDays } : {}),
    },
  };
}
