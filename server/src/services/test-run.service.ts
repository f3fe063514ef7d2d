import { listRules } from '@iapm/presets';
import {
  createPolicyResolver,
  runSandbox,
  type SandboxOptions,
  type ScriptedDecision,
  sandboxHandlers,
} from '@iapm/runtime';
import { findAction, findEvent, type Issue, type TestRunBody, validateWith } from '@iapm/schemas';
import type { TenantRepository } from '../db/tenant-repository.ts';
import { HttpProblem, invalid, notFound } from '../http/problem.ts';
import { issue } from '../http/validate.ts';
import type { WorkflowRecord } from './workflow.service.ts';
import { checkForFirm } from './workflow-check.ts';

type SampleEvent = TestRunBody['event'];

let computed: ReturnType<typeof sandboxHandlers> | undefined;
/** Extraction by the built-in rules and deadlines by the CESEDA rules (the presets' data, read once). */
const sandboxCompute = () => {
  computed ??= sandboxHandlers({ rules: listRules() });
  return computed;
};

/** A document ready for sandbox runs: checked with the firm's policy. */
export interface PreparedTestRun {
  source: 'draft' | number;
  workflow: Parameters<typeof runSandbox>[0];
  policy: SandboxOptions['policy'];
  warnings: Issue[];
}

/** Issues of a sample event: a known type whose payload matches its schema. */
export function checkEvent(event: SampleEvent, at: string): Issue[] {
  const entry = findEvent(event.type);
  if (!entry) return [issue(`${at}/type`, 'catalog.unknown-event', { event: event.type })];
  return validateWith(entry.schemaRef, event.payload, `${at}/payload`).issues;
}

/**
 * Test runs in the sandbox: the draft (or a published version) on a sample event, with the firm's policy,
 * virtual time and nothing leaving the process — no run, event or entity is written. Answers the trace.
 */
export class TestRunService {
  async run(repo: TenantRepository, id: string, body: TestRunBody) {
    const prepared = await this.prepare(repo, id, body.source ?? 'draft');
    return { source: prepared.source, trace: this.execute(prepared, body), warnings: prepared.warnings };
  }

  /**
   * The checked document (the draft or version `source`) and the firm's policy, read once for several runs;
   * 404 when the workflow or the version is not the firm's, 400 `workflow-invalid` when it has errors.
   */
  async prepare(repo: TenantRepository, id: string, source: 'draft' | number): Promise<PreparedTestRun> {
    const wf = (await repo.of('Workflow').findById(id).lean()) as WorkflowRecord | null;
    if (!wf) throw notFound();
    let document: object;
    if (source === 'draft') document = wf.draft as object;
    else {
      const version = await repo.of('WorkflowVersion').findOne({ workflowId: wf._id, version: source }).lean();
      if (!version) throw notFound();
      document = version.document as object;
    }
    const checked = await checkForFirm(repo, { ...document, id: String(wf._id) });
    if (!checked.ok)
      throw new HttpProblem(
        400,
        'workflow-invalid',
        {
          fr: 'Le workflow contient des erreurs : corrigez-les avant de le tester.',
          en: 'The workflow has errors: fix them before testing it.',
        },
        checked.issues,
      );
    const policy = await createPolicyResolver(repo.connection)(repo.tenantId);
    return { source, workflow: checked.value, policy, warnings: checked.issues };
  }

  /** One sandbox run of a prepared document; 400 with pointers when the event or the answers do not fit it. */
  execute(prepared: PreparedTestRun, body: Omit<TestRunBody, 'source'>) {
    const { workflow, policy } = prepared;
    const trigger = workflow.nodes.find((n) => n.kind === 'trigger') as { event?: string; cron?: unknown } | undefined;
    const expected = trigger?.event ?? (trigger?.cron ? 'system:scheduled' : undefined);
    const issues = checkEvent(body.event, '/event');
    if (expected && body.event.type !== expected && !issues.some((i) => i.pointer === '/event/type'))
      issues.push(issue('/event/type', 'api.trigger-mismatch', { expected }));
    for (const [i, event] of (body.events ?? []).entries()) issues.push(...checkEvent(event, `/events/${i}`));
    const decisions: Record<string, ScriptedDecision> = {};
    for (const [nodeId, answer] of Object.entries(body.decisions ?? {})) {
      if (!answer) continue;
      const node = workflow.nodes.find((n) => n.id === nodeId) as { kind: string; action?: string } | undefined;
      if (node?.kind !== 'action') {
        issues.push(
          issue(`/decisions/${nodeId}`, 'api.reference-not-found', { what: { fr: 'Nœud action', en: 'Action node' } }),
        );
        continue;
      }
      if (typeof answer === 'object' && answer.params !== undefined) {
        const paramsRef = node.action ? findAction(node.action)?.paramsRef : undefined;
        if (paramsRef) issues.push(...validateWith(paramsRef, answer.params, `/decisions/${nodeId}/params`).issues);
      }
      decisions[nodeId] = answer as ScriptedDecision;
    }
    for (const [nodeId, output] of Object.entries(body.outputs ?? {})) {
      const node = workflow.nodes.find((n) => n.id === nodeId) as { kind: string; action?: string } | undefined;
      const outputRef = node?.kind === 'action' && node.action ? findAction(node.action)?.outputRef : undefined;
      if (!outputRef) {
        issues.push(
          issue(`/outputs/${nodeId}`, 'api.reference-not-found', { what: { fr: 'Nœud action', en: 'Action node' } }),
        );
        continue;
      }
      issues.push(...validateWith(outputRef, output, `/outputs/${nodeId}`).issues);
    }
    if (issues.length) throw invalid(issues);
    const options: SandboxOptions = {
      decisions,
      policy,
      // Extraction reads the test text by the built-in rules (no model, nothing leaves the machine).
      handlers: sandboxCompute(),
      ...(body.at ? { at: body.at } : {}),
      ...(body.defaultDecision ? { defaultDecision: body.defaultDecision } : {}),
      ...(body.failures ? { failures: body.failures as SandboxOptions['failures'] } : {}),
      ...(body.outputs ? { outputs: body.outputs } : {}),
      ...(body.events ? { events: body.events as SandboxOptions['events'] } : {}),
      ...(body.horizonDays ? { horizonDays: body.horizonDays } : {}),
    };
    return runSandbox(workflow, body.event as Parameters<typeof runSandbox>[1], options);
  }
}
