import { message } from '../issue-codes.ts';
import { hasErrors, type Issue, type Validation } from '../issues.ts';
import { validateWorkflowShape } from '../validate.ts';
import { checkExpressions } from './expressions.ts';
import type { CheckedDocument, CheckOptions } from './model.ts';
import { checkReferences } from './references.ts';
import { checkStructure } from './structure.ts';

export { contextSchema, nodeOutputSchema, pathExists, payloadSchema, triggerEventType } from './context.ts';
export type { AutonomyPolicy, CheckedDocument, CheckedEdge, CheckedNode, CheckOptions } from './model.ts';
export { defaultPort, edgePort, effectiveAutonomy, isEventWait, portsOf, requiredPorts } from './ports.ts';

/** Format versions this code reads. */
export const SUPPORTED_SCHEMA_VERSIONS = [1];

/**
 * Checks a workflow document completely: JSON Schema shape first; when the shape is right, the catalog
 * references, the graph and every expression. Issues are sorted by pointer. Pure: the same document and
 * options always give the same issues.
 */
export function checkWorkflow<T = CheckedDocument>(doc: unknown, options: CheckOptions = {}): Validation<T> {
  const version = (doc as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && !SUPPORTED_SCHEMA_VERSIONS.includes(version)) {
    const issue: Issue = {
      pointer: '/schemaVersion',
      code: 'document.unsupported-version',
      message: message('document.unsupported-version', { version, supported: SUPPORTED_SCHEMA_VERSIONS.join(', ') }),
      severity: 'error',
    };
    return { ok: false, issues: [issue] };
  }
  const shape = validateWorkflowShape<CheckedDocument>(doc);
  if (!shape.ok) return { ok: false, issues: withNodeIds(doc, shape.issues) };
  const checked = shape.value;
  const structure = checkStructure(checked, options.policy);
  const issues = [
    ...checkReferences(checked, options),
    ...structure.issues,
    ...checkExpressions(checked, structure.graph),
  ];
  issues.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : a.code.localeCompare(b.code)));
  return hasErrors(issues) ? { ok: false, issues } : { ok: true, value: checked as T, issues };
}

function withNodeIds(doc: unknown, issues: Issue[]): Issue[] {
  const nodes = (doc as { nodes?: unknown } | null)?.nodes;
  return issues.map((issue) => {
    const match = /^\/nodes\/(\d+)(\/|$)/.exec(issue.pointer);
    const node = match && Array.isArray(nodes) ? nodes[Number(match[1])] : undefined;
    const id = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? { ...issue, nodeId: id } : issue;
  });
}
