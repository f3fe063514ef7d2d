import { message } from '../issue-codes.ts';
import { escapePointerSegment, type Issue } from '../issues.ts';
import { analyzeLogic, isLogicExpression, templatePaths } from '../logic/analyze.ts';
import { FORBIDDEN_PATH_SEGMENTS } from '../logic/operations.ts';
import type { JsonSchema } from '../registry.ts';
import { contextSchema, pathExists, payloadSchema, triggerEventType } from './context.ts';
import type { CheckedDocument, CheckedNode } from './model.ts';
import type { GraphIndex } from './structure.ts';

interface Location {
  value: unknown;
  pointer: string;
  /** `logic`: a json-logic expression; `value`: a param value (literal, template string or expression). */
  as: 'logic' | 'value';
  extra?: Record<string, JsonSchema>;
  /** Trigger filters see only the event. */
  eventOnly?: boolean;
}

/** Where a node keeps expressions and templates. */
function locations(node: CheckedNode, at: string): Location[] {
  const out: Location[] = [];
  const values = (record: Record<string, unknown> | undefined, key: string) => {
    for (const [name, value] of Object.entries(record ?? {})) {
      out.push({ value, pointer: `${at}/${key}/${escapePointerSegment(name)}`, as: 'value' });
    }
  };
  switch (node.kind) {
    case 'trigger':
      if (node.filter !== undefined)
        out.push({ value: node.filter, pointer: `${at}/filter`, as: 'logic', eventOnly: true });
      break;
    case 'condition':
      out.push({ value: node.logic, pointer: `${at}/logic`, as: 'logic' });
      break;
    case 'switch':
      (node.cases ?? []).forEach((c, i) => {
        out.push({ value: c.logic, pointer: `${at}/cases/${i}/logic`, as: 'logic' });
      });
      break;
    case 'action':
      values(node.params, 'params');
      if (node.gate?.confidence !== undefined)
        out.push({ value: node.gate.confidence, pointer: `${at}/gate/confidence`, as: 'value' });
      break;
    case 'wait':
      if (node.until !== undefined) out.push({ value: node.until, pointer: `${at}/until`, as: 'value' });
      values(node.correlate, 'correlate');
      if (node.filter !== undefined) {
        const incoming: JsonSchema = {
          type: 'object',
          properties: {
            type: { type: 'string' },
            occurredAt: { type: 'string' },
            payload: payloadSchema(node.event) ?? {},
          },
          additionalProperties: false,
        };
        out.push({ value: node.filter, pointer: `${at}/filter`, as: 'logic', extra: { incoming } });
      }
      break;
    case 'loop':
      out.push({ value: node.items, pointer: `${at}/items`, as: 'value' });
      break;
    case 'subflow':
      values(node.input, 'input');
      break;
    case 'end':
      values(node.output, 'output');
      break;
  }
  return out;
}

/** Nodes from which `target` can be reached (its upstream), in document order. */
function upstreamOf(doc: CheckedDocument, graph: GraphIndex, targetId: string): CheckedNode[] {
  const reverse = new Map<string, string[]>();
  for (const [source, edges] of graph.outgoing) {
    for (const e of edges) reverse.set(e.target, [...(reverse.get(e.target) ?? []), source]);
  }
  const seen = new Set<string>();
  const queue = [...(reverse.get(targetId) ?? [])];
  while (queue.length) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(reverse.get(id) ?? []));
  }
  return doc.nodes.filter((n) => seen.has(n.id));
}

/**
 * Checks every expression and template of the document: allowed operations, bounds, and that each
 * `{"var": path}` / `{{path}}` exists in the trigger event's payload schema or an upstream node's output.
 */
export function checkExpressions(doc: CheckedDocument, graph: GraphIndex): Issue[] {
  const issues: Issue[] = [];
  const triggerType = triggerEventType(graph.trigger);
  const triggerKnown = payloadSchema(triggerType) !== undefined;
  doc.nodes.forEach((node, index) => {
    if (graph.nodes.get(node.id)?.index !== index) return;
    // An unreachable node is reported as such; it has no upstream to check its paths against.
    if (graph.trigger && !graph.reachable.has(node.id) && node.kind !== 'trigger') return;
    const locs = locations(node, `/nodes/${index}`);
    if (locs.length === 0) return;
    let context: JsonSchema | undefined;
    const contextFor = (loc: Location) => {
      if (loc.eventOnly) return contextSchema(triggerType, []);
      if (loc.extra) return contextSchema(triggerType, upstreamOf(doc, graph, node.id), loc.extra);
      context ??= contextSchema(triggerType, upstreamOf(doc, graph, node.id));
      return context;
    };
    const checkPath = (path: string, pointer: string, loc: Location) => {
      if (path.split('.').some((s) => FORBIDDEN_PATH_SEGMENTS.has(s))) {
        issues.push({
          pointer,
          nodeId: node.id,
          code: 'var.forbidden-segment',
          message: message('var.forbidden-segment', { path }),
          severity: 'error',
        });
        return;
      }
      // Without a known trigger event the payload cannot be checked; the trigger itself is reported.
      if (!triggerKnown && (path === 'payload' || path.startsWith('payload.') || path.startsWith('event.payload')))
        return;
      if (!pathExists(contextFor(loc), path)) {
        issues.push({
          pointer,
          nodeId: node.id,
          code: 'var.unknown-path',
          message: message('var.unknown-path', { path }),
          severity: 'error',
        });
      }
    };
    for (const loc of locs) {
      walkValue(
        loc.value,
        loc.pointer,
        loc.as === 'logic',
        (expr, pointer) => {
          const analysis = analyzeLogic(expr, pointer, node.id);
          issues.push(...analysis.issues);
          for (const v of analysis.vars) checkPath(v.path, v.pointer, loc);
        },
        (text, pointer) => {
          for (const path of templatePaths(text)) checkPath(path, pointer, loc);
        },
      );
    }
  });
  return issues;
}

/** Visits a value: expressions go to `onLogic`, strings to `onText`, literal objects and arrays are walked. */
function walkValue(
  value: unknown,
  pointer: string,
  isLogic: boolean,
  onLogic: (expr: unknown, pointer: string) => void,
  onText: (text: string, pointer: string) => void,
): void {
  if (isLogic || isLogicExpression(value)) {
    onLogic(value, pointer);
    return;
  }
  if (typeof value === 'string') {
    onText(value, pointer);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walkValue(v, `${pointer}/${i}`, false, onLogic, onText);
    });
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      walkValue(v, `${pointer}/${escapePointerSegment(k)}`, false, onLogic, onText);
  }
}

/** Pointers (relative to `value`) of the parts that are computed at run time: templates and expressions. */
export function dynamicPointers(value: unknown, pointer = ''): string[] {
  const out: string[] = [];
  walkValue(
    value,
    pointer,
    false,
    (_, p) => out.push(p),
    (text, p) => {
      if (templatePaths(text).length > 0) out.push(p);
    },
  );
  return out;
}
