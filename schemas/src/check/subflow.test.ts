import { describe, expect, it } from 'vitest';
import { checkWorkflow } from './index.ts';
import type { CheckedDocument } from './model.ts';

/**
 *   start ──► child (subflow → workflowId)
 */
const caller = (id: string, target: string, maxSubflowDepth?: number) => ({
  schemaVersion: 1,
  id,
  name: `Appelle ${target}`,
  ...(maxSubflowDepth ? { settings: { maxSubflowDepth } } : {}),
  nodes: [
    { id: 'start', kind: 'trigger', event: 'workspace:created' },
    { id: 'child', kind: 'subflow', workflowId: target },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'child' }],
});
const leaf = {
  schemaVersion: 1,
  id: 'leaf',
  name: 'Feuille',
  nodes: [{ id: 'start', kind: 'trigger', event: 'workspace:created' }],
  edges: [],
};

describe('subflow checks', () => {
  it('accepts a chain within the depth limit', () => {
    // ARRANGE: a → b → leaf (2 levels below a)
    const library = new Map<string, unknown>([
      ['b', caller('b', 'leaf')],
      ['leaf', leaf],
    ]);
    // ACT
    const result = checkWorkflow(caller('a', 'b'), { resolveWorkflow: (id) => library.get(id) as CheckedDocument });
    // ASSERT
    expect(result.issues).toEqual([]);
  });

  it('refuses a chain deeper than settings.maxSubflowDepth', () => {
    const library = new Map<string, unknown>([
      ['b', caller('b', 'c')],
      ['c', caller('c', 'd')],
      ['d', caller('d', 'leaf')],
      ['leaf', leaf],
    ]);
    const result = checkWorkflow(caller('a', 'b', 2), { resolveWorkflow: (id) => library.get(id) as CheckedDocument });
    expect(result.issues.map((i) => [i.pointer, i.code])).toEqual([['/nodes/1/workflowId', 'graph.subflow-depth']]);
  });

  it('refuses subflows that start each other in a cycle', () => {
    const library = new Map<string, unknown>([
      ['b', caller('b', 'a')],
      ['a', caller('a', 'b')],
    ]);
    const result = checkWorkflow(caller('a', 'b'), { resolveWorkflow: (id) => library.get(id) as CheckedDocument });
    expect(result.issues.map((i) => i.code)).toEqual(['graph.subflow-cycle']);
    expect(result.issues[0]?.message.fr).toContain('a → b → a');
  });

  it('refuses a workflow that starts itself, even without a resolver', () => {
    const result = checkWorkflow(caller('a', 'a'));
    expect(result.issues.map((i) => [i.pointer, i.code])).toEqual([['/nodes/1/workflowId', 'graph.subflow-self']]);
  });
});
