import type { TestCaseBody, TestCaseRunBody, TestRunBody, Text } from '@iapm/schemas';
import type { TenantRepository } from '../db/tenant-repository.ts';
import type { Principal } from '../http/auth.ts';
import { conflict, HttpProblem, invalid, notFound } from '../http/problem.ts';
import { checkEvent, type PreparedTestRun, type TestRunService } from './test-run.service.ts';

/** Most saved cases per workflow. */
export const MAX_CASES_PER_WORKFLOW = 200;

type Trace = ReturnType<TestRunService['execute']>;
type Step = Trace['steps'][number];

interface TestCaseRecord {
  _id: unknown;
  workflowId: unknown;
  name: string;
  event: TestCaseBody['event'];
  at?: string | null;
  decisions?: TestCaseBody['decisions'] | null;
  defaultDecision?: TestCaseBody['defaultDecision'] | null;
  expect: TestCaseBody['expect'];
  createdAt?: Date;
  updatedAt?: Date;
}

/** A saved case as the API shows it. */
export function testCaseView(c: TestCaseRecord) {
  return {
    id: String(c._id),
    workflowId: String(c.workflowId),
    name: c.name,
    event: c.event,
    ...(c.at ? { at: c.at } : {}),
    ...(c.decisions ? { decisions: c.decisions } : {}),
    ...(c.defaultDecision ? { defaultDecision: c.defaultDecision } : {}),
    expect: c.expect,
    createdAt: c.createdAt ?? null,
    updatedAt: c.updatedAt ?? null,
  };
}

/** A step as an expectation names it: `nodeId`, or `nodeId:port` when the step left by a port. */
export const stepLabel = (s: Pick<Step, 'nodeId' | 'port'>) => (s.port ? `${s.nodeId}:${s.port}` : s.nodeId);

const STATUS: Record<string, Text> = {
  succeeded: { fr: 'réussie', en: 'succeeded' },
  failed: { fr: 'en échec', en: 'failed' },
  cancelled: { fr: 'annulée', en: 'cancelled' },
  waiting: { fr: 'en attente', en: 'waiting' },
  awaiting_validation: { fr: 'en attente de validation', en: 'awaiting validation' },
};
const statusText = (s: string, lang: 'fr' | 'en') => STATUS[s]?.[lang] ?? s;

/**
 * Why a trace does not meet a case's expectation (empty when it does): the end status, then the steps
 * expected in order (others may come between; `node` matches any port of that node, `node:port` only that
 * port).
 */
export function compareToExpectation(expect: TestCaseBody['expect'], trace: Pick<Trace, 'status' | 'steps'>): Text[] {
  const reasons: Text[] = [];
  if (trace.status !== expect.status)
    reasons.push({
      fr: `Statut final attendu : ${statusText(expect.status, 'fr')} ; obtenu : ${statusText(trace.status, 'fr')}.`,
      en: `Expected end status: ${statusText(expect.status, 'en')}; got: ${statusText(trace.status, 'en')}.`,
    });
  let from = 0;
  for (const wanted of expect.steps ?? []) {
    const hasPort = wanted.includes(':');
    const at = trace.steps.findIndex(
      (s, i) => i >= from && (hasPort ? stepLabel(s) === wanted : s.nodeId === wanted) && s.status !== 'skipped',
    );
    if (at < 0) {
      const anywhere = trace.steps.some((s) => (hasPort ? stepLabel(s) : s.nodeId) === wanted);
      reasons.push(
        anywhere
          ? {
              fr: `L’étape « ${wanted} » est passée, mais pas dans l’ordre attendu.`,
              en: `Step "${wanted}" was visited, but not in the expected order.`,
            }
          : { fr: `L’étape « ${wanted} » n’a pas été parcourue.`, en: `Step "${wanted}" was not visited.` },
      );
      break;
    }
    from = at + 1;
  }
  return reasons;
}

/**
 * Saved test cases of a workflow (tenant-scoped through the repository), and their replay in the sandbox
 * against the draft or a published version, each answered pass or fail with the reason and the trace.
 */
export class TestCaseService {
  constructor(private readonly testRuns: TestRunService) {}

  private async workflow(repo: TenantRepository, workflowId: string) {
    const wf = await repo.of('Workflow').findById(workflowId, { _id: 1 }).lean();
    if (!wf) throw notFound();
    return wf._id;
  }

  private async one(repo: TenantRepository, workflowId: string, caseId: string) {
    const wfId = await this.workflow(repo, workflowId);
    const found = (await repo.of('TestCase').findById(caseId).lean()) as TestCaseRecord | null;
    if (!found || String(found.workflowId) !== String(wfId)) throw notFound();
    return found;
  }

  async list(repo: TenantRepository, workflowId: string) {
    const wfId = await this.workflow(repo, workflowId);
    const cases = (await repo
      .of('TestCase')
      .find({ workflowId: wfId })
      .sort({ createdAt: 1, _id: 1 })
      .limit(MAX_CASES_PER_WORKFLOW)
      .lean()) as TestCaseRecord[];
    return cases.map(testCaseView);
  }

  async create(repo: TenantRepository, workflowId: string, body: TestCaseBody, actor: Principal) {
    const wfId = await this.workflow(repo, workflowId);
    checkCase(body);
    if ((await repo.of('TestCase').countDocuments({ workflowId: wfId })) >= MAX_CASES_PER_WORKFLOW)
      throw conflict('too-many-test-cases', {
        fr: `Un workflow garde au plus ${MAX_CASES_PER_WORKFLOW} cas de test.`,
        en: `A workflow keeps at most ${MAX_CASES_PER_WORKFLOW} test cases.`,
      });
    const created = await repo.of('TestCase').create({
      workflowId: wfId,
      ...fieldsOf(body),
      ...(actor.kind === 'user' ? { createdBy: actor.id, updatedBy: actor.id } : {}),
    });
    return testCaseView(created.toObject() as TestCaseRecord);
  }

  async replace(repo: TenantRepository, workflowId: string, caseId: string, body: TestCaseBody, actor: Principal) {
    const found = await this.one(repo, workflowId, caseId);
    checkCase(body);
    const fields = fieldsOf(body);
    const unset = Object.fromEntries(
      (['at', 'decisions', 'defaultDecision'] as const).filter((k) => !(k in fields)).map((k) => [k, 1]),
    );
    await repo.of('TestCase').updateOne(
      { _id: found._id },
      {
        $set: { ...fields, ...(actor.kind === 'user' ? { updatedBy: actor.id } : {}) },
        ...(Object.keys(unset).length ? { $unset: unset } : {}),
      },
    );
    return testCaseView((await repo.of('TestCase').findById(caseId).lean()) as TestCaseRecord);
  }

  async remove(repo: TenantRepository, workflowId: string, caseId: string) {
    const found = await this.one(repo, workflowId, caseId);
    await repo.of('TestCase').deleteOne({ _id: found._id });
  }

  /**
   * Replays the workflow's cases (all, or those named) against the draft or version `source`. A case whose
   * event or answers no longer fit the document fails with those issues; a document with errors is a 400.
   */
  async run(repo: TenantRepository, workflowId: string, body: TestCaseRunBody) {
    const all = await this.list(repo, workflowId);
    const wanted = body.caseIds ? new Set(body.caseIds) : undefined;
    const cases = wanted ? all.filter((c) => wanted.has(c.id)) : all;
    if (wanted && cases.length !== wanted.size) throw notFound();
    const prepared = await this.testRuns.prepare(repo, workflowId, body.source ?? 'draft');
    const results = cases.map((c) => this.runOne(prepared, c));
    return {
      source: prepared.source,
      passed: results.filter((r) => r.passed).length,
      failed: results.filter((r) => !r.passed).length,
      results,
    };
  }

  private runOne(prepared: PreparedTestRun, c: ReturnType<typeof testCaseView>) {
    const base = { caseId: c.id, name: c.name, expected: c.expect };
    const request: Omit<TestRunBody, 'source'> = {
      event: c.event,
      ...(c.at ? { at: c.at } : {}),
      ...(c.decisions ? { decisions: c.decisions } : {}),
      ...(c.defaultDecision ? { defaultDecision: c.defaultDecision } : {}),
    };
    try {
      const trace = this.testRuns.execute(prepared, request);
      const reasons = compareToExpectation(c.expect, trace);
      return {
        ...base,
        passed: reasons.length === 0,
        reasons,
        actual: { status: trace.status, steps: trace.steps.filter((s) => s.status !== 'skipped').map(stepLabel) },
        trace,
      };
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      return {
        ...base,
        passed: false,
        reasons: [
          {
            fr: 'Le cas ne correspond plus au workflow (événement ou validations) : il n’a pas pu être rejoué.',
            en: 'The case no longer fits the workflow (event or gates): it could not be replayed.',
          },
        ],
        issues: error.issues,
      };
    }
  }
}

/** The stored fields of a case (absent optional ones left out). */
function fieldsOf(body: TestCaseBody) {
  return {
    name: body.name,
    event: body.event,
    expect: body.expect,
    ...(body.at ? { at: body.at } : {}),
    ...(body.decisions && Object.keys(body.decisions).length ? { decisions: body.decisions } : {}),
    ...(body.defaultDecision ? { defaultDecision: body.defaultDecision } : {}),
  };
}

/** A case's event must be a known one with a payload matching its schema (400 with pointers otherwise). */
function checkCase(body: TestCaseBody): void {
  const issues = checkEvent(body.event, '/event');
  if (issues.length) throw invalid(issues);
}
