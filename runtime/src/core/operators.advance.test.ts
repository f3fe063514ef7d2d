import { OPERATORS_DATA } from '@iapm/schemas';
import { describe, expect, it } from 'vitest';
import { doc, start } from './test-kit.ts';

/**
 * Each of the 15 operators, in the exact json-logic form the condition builder stores, routes a run to
 * "true" and to "false":
 *
 *   start ──► decide ──true──► yes (end)
 *                    └─false─► no  (end)
 */
const CASES: Record<string, { field: string; value?: unknown; yes: unknown; no: unknown }> = {
  equals: { field: 'procedureType', value: 'OQTF', yes: 'OQTF', no: 'ASILE' },
  not_equals: { field: 'procedureType', value: 'OQTF', yes: 'VISA', no: 'OQTF' },
  contains: { field: 'subject', value: 'oqtf', yes: 'Notification OQTF – M. Diallo', no: 'Refus de visa' },
  not_contains: { field: 'subject', value: 'urgent', yes: 'Pièces du dossier', no: 'URGENT : rétention' },
  greater_than: { field: 'amount', value: 1000, yes: 1500, no: 1000 },
  less_than: { field: 'amount', value: 1000, yes: 999, no: 1000 },
  greater_or_equal: { field: 'amount', value: 1000, yes: 1000, no: 999 },
  less_or_equal: { field: 'amount', value: 1000, yes: 1000, no: 1001 },
  in: { field: 'procedureType', value: ['OQTF', 'DUBLIN'], yes: 'DUBLIN', no: 'NATURALISATION' },
  not_in: { field: 'procedureType', value: ['OQTF', 'DUBLIN'], yes: 'VISA', no: 'OQTF' },
  matches_regex: { field: 'tracking', value: '^[0-9][A-Z][0-9]{11}$', yes: '1A23456789012', no: 'RR123456785FR' },
  is_empty: { field: 'notes', yes: '   ', no: 'Client injoignable' },
  is_not_empty: { field: 'notes', yes: 'Client injoignable', no: '' },
  exists: { field: 'workspaceId', yes: 'ws-1', no: undefined },
  not_exists: { field: 'workspaceId', yes: undefined, no: 'ws-1' },
};

/** The operator's form with FIELD and VALUE filled in. */
function fill(form: unknown, field: string, value: unknown): unknown {
  if (form === 'FIELD') return `payload.${field}`;
  if (form === 'VALUE') return value;
  if (Array.isArray(form)) {
    if (form.length === 1 && form[0] === 'VALUE' && Array.isArray(value)) return value;
    return form.map((f) => fill(f, field, value));
  }
  if (form && typeof form === 'object')
    return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, fill(v, field, value)]));
  return form;
}

const rows = OPERATORS_DATA.operators.flatMap((op) => {
  const c = CASES[op.id];
  if (!c) throw new Error(`no case for operator ${op.id}`);
  const logic = fill(op.form, c.field, c.value);
  const payload = (v: unknown) => (v === undefined ? {} : { [c.field]: v });
  return [
    { op: op.id, outcome: 'true', logic, payload: payload(c.yes) },
    { op: op.id, outcome: 'false', logic, payload: payload(c.no) },
  ];
});

describe('condition operators through advance', () => {
  it('covers all 15 operators', () => {
    expect(new Set(rows.map((r) => r.op)).size).toBe(15);
  });

  it.each(rows)('$op → $outcome', ({ logic, payload, outcome }) => {
    const workflow = doc(
      [
        { id: 'start', kind: 'trigger', event: 'email:received' },
        { id: 'decide', kind: 'condition', logic },
        { id: 'yes', kind: 'end' },
        { id: 'no', kind: 'end' },
      ],
      [
        ['start', 'decide'],
        ['decide', 'yes', 'true'],
        ['decide', 'no', 'false'],
      ],
    );
    const { state } = start(workflow, payload);
    expect(state.steps.find((s) => s.nodeId === 'decide')?.port).toBe(outcome);
    expect(state.status).toBe('succeeded');
  });
});
