import { AUTONOMY_ORDER, findAction, findEvent } from '../catalog.ts';
import { message } from '../issue-codes.ts';
import type { Issue } from '../issues.ts';
import { ajvErrorsToIssues, getValidator } from '../validate.ts';
import { checkCron } from './cron.ts';
import { dynamicPointers } from './expressions.ts';
import type { CheckedDocument, CheckOptions } from './model.ts';

/**
 * Checks what the document names in the catalog: event types, action types (and the brief's flow names used
 * as actions), autonomy never below the action's floor, literal params valid against the action's schema
 * (parts computed at run time are checked by the expression check instead), and subflow self-reference
 * and depth.
 */
export function checkReferences(doc: CheckedDocument, options: CheckOptions = {}): Issue[] {
  const issues: Issue[] = [];
  const add = (
    pointer: string,
    nodeId: string,
    code: Parameters<typeof message>[0],
    params: Parameters<typeof message>[1] = {},
  ) => issues.push({ pointer, nodeId, code, message: message(code, params), severity: 'error' });
  doc.nodes.forEach((node, index) => {
    const at = `/nodes/${index}`;
    if ((node.kind === 'trigger' || node.kind === 'wait') && node.event !== undefined && !findEvent(node.event)) {
      add(`${at}/event`, node.id, 'catalog.unknown-event', { event: node.event });
    }
    if (node.kind === 'trigger' && node.cron) {
      const cron = node.cron as { expression: string; timezone?: string };
      const problem = checkCron(cron.expression, cron.timezone);
      if (problem) {
        add(`${at}/cron/expression`, node.id, 'trigger.invalid-cron', { detail: problem });
      }
    }
    if (node.kind === 'action' && node.action !== undefined) {
      const entry = findAction(node.action);
      if (!entry) {
        add(`${at}/action`, node.id, 'catalog.unknown-action', { action: node.action });
        return;
      }
      if (entry.nodeKind) {
        add(`${at}/action`, node.id, 'catalog.node-kind-action', { action: node.action, kind: entry.nodeKind });
        return;
      }
      const floor = entry.autonomy ?? 'GREEN';
      if (node.autonomy && AUTONOMY_ORDER[node.autonomy] < AUTONOMY_ORDER[floor]) {
        add(`${at}/autonomy`, node.id, 'autonomy.below-floor', { action: node.action, floor, level: node.autonomy });
      }
      if (entry.paramsRef) {
        const params = node.params ?? {};
        const validator = getValidator(entry.paramsRef);
        if (!validator(params)) {
          const dynamic = dynamicPointers(params);
          const base = `${at}/params`;
          for (const issue of ajvErrorsToIssues(validator.errors ?? [], base)) {
            const rel = issue.pointer.slice(base.length);
            if (dynamic.some((d) => rel === d || rel.startsWith(`${d}/`))) continue;
            if (issue.code === 'schema.anyOf' || issue.code === 'schema.oneOf') {
              if (dynamic.length > 0 && rel === '') continue;
            }
            issues.push({ ...issue, nodeId: node.id });
          }
        }
      }
    }
    if (node.kind === 'subflow' && node.workflowId !== undefined) {
      if (doc.id !== undefined && node.workflowId === doc.id) {
        add(`${at}/workflowId`, node.id, 'graph.subflow-self');
        return;
      }
      if (options.resolveWorkflow) {
        const problem = subflowChain(doc, node.workflowId, options);
        if (problem) add(`${at}/workflowId`, node.id, problem.code, problem.params);
      }
    }
  });
  return issues;
}

function subflowChain(
  doc: CheckedDocument,
  firstId: string,
  options: CheckOptions,
): { code: 'graph.subflow-depth' | 'graph.subflow-cycle'; params: Record<string, string | number> } | undefined {
  const limit = doc.settings?.maxSubflowDepth ?? 3;
  const resolve = options.resolveWorkflow as NonNullable<CheckOptions['resolveWorkflow']>;
  const start = doc.id ?? doc.name;
  const visit = (id: string, chain: string[]): ReturnType<typeof subflowChain> => {
    if (chain.includes(id)) return { code: 'graph.subflow-cycle', params: { chain: [...chain, id].join(' → ') } };
    if (chain.length > limit)
      return { code: 'graph.subflow-depth', params: { limit, chain: [...chain, id].join(' → ') } };
    const child = resolve(id);
    for (const n of child?.nodes ?? []) {
      if (n.kind === 'subflow' && n.workflowId) {
        const problem = visit(n.workflowId, [...chain, id]);
        if (problem) return problem;
      }
    }
    return undefined;
  };
  return visit(firstId, [start]);
}
