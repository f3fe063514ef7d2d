import { OPERATORS_DATA } from '@iapm/schemas';

/** A realistic run data set (CESEDA litigation: an OQTF notification received by mail). Test-only. */
export function cesedaRunData() {
  return {
    payload: {
      procedureType: 'OQTF',
      subject: 'Notification OQTF – M. Diallo',
      body: 'Le préfet de la Seine-Saint-Denis a pris une décision portant obligation de quitter le territoire.',
      attachments: [
        { name: 'arrete-oqtf.pdf', size: 184_320 },
        { name: 'accuse-reception.pdf', size: 20_480 },
      ],
      attachmentNames: ['arrete-oqtf.pdf', 'accuse-reception.pdf'],
      amount: 1500,
      legalAidAmount: 0,
      deadlineDays: 30,
      trackingNumber: '1A23456789012',
      notes: '   ',
      lawyer: null,
      tags: [],
      metadata: {},
      court: 'TA de Montreuil',
    },
    event: { type: 'mail.received', from: 'greffe.ta-montreuil@juradm.fr' },
    nodes: { classify: { output: { category: 'OQTF', confidence: 0.92, urgent: true } } },
    loop: { index: 2, item: { name: 'accuse-reception.pdf' } },
    run: { id: 'run_8f2c', workflowId: 'ceseda-intake' },
    now: '2025-03-14T09:00:00.000Z',
  };
}

/**
 * The exact operators.json form of `operatorId`, with `{"var": "FIELD"}` pointed at `field` and the
 * `"VALUE"` placeholder (or the `["VALUE"]` list of list operators) replaced by `value`. Test-only.
 */
export function operatorForm(operatorId: string, field: string, value?: unknown): unknown {
  const entry = OPERATORS_DATA.operators.find((op) => op.id === operatorId);
  if (!entry) throw new Error(`Unknown operator ${operatorId}`);
  const fill = (node: unknown): unknown => {
    if (node === 'VALUE') return value;
    if (Array.isArray(node)) {
      return node.length === 1 && node[0] === 'VALUE' && Array.isArray(value) ? value : node.map(fill);
    }
    if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node);
      if (entries.length === 1 && entries[0]?.[0] === 'var' && entries[0][1] === 'FIELD') return { var: field };
      return Object.fromEntries(entries.map(([k, v]) => [k, fill(v)]));
    }
    return node;
  };
  return fill(entry.form);
}
