import { describe, expect, it } from 'vitest';
import { ConditionError, resolveValue, TEMPLATE_LIMITS } from './index.ts';
import { cesedaRunData } from './test-data.ts';

const data = { ...cesedaRunData(), receivedAt: new Date('2025-03-13T16:45:00.000Z') };

describe('resolveValue', () => {
  it.each([
    ['a single placeholder keeps the number type', '{{payload.amount}}', 1500],
    ['a single placeholder keeps the boolean type', '{{ nodes.classify.output.urgent }}', true],
    ['a single placeholder keeps arrays', '{{payload.attachmentNames}}', ['arrete-oqtf.pdf', 'accuse-reception.pdf']],
    [
      'a single placeholder keeps objects',
      '{{nodes.classify.output}}',
      { category: 'OQTF', confidence: 0.92, urgent: true },
    ],
    ['a single placeholder keeps dates', '{{receivedAt}}', data.receivedAt],
    ['a present null stays null', '{{payload.lawyer}}', null],
    ['a missing path gives undefined', '{{payload.missing.deep}}', undefined],
    ['mixed text', 'Dossier {{payload.procedureType}} – {{payload.amount}} €', 'Dossier OQTF – 1500 €'],
    ['null and missing give empty text', 'Avocat : {{payload.lawyer}}{{payload.missing}}.', 'Avocat : .'],
    ['dates give ISO text', 'Reçu le {{receivedAt}}', 'Reçu le 2025-03-13T16:45:00.000Z'],
    [
      'objects give JSON text',
      'Tags: {{payload.tags}} {{payload.attachments.0}}',
      'Tags: [] {"name":"arrete-oqtf.pdf","size":184320}',
    ],
    ['array items by index', '{{payload.attachments.1.name}}', 'accuse-reception.pdf'],
    ['text without placeholder', 'Aucun champ', 'Aucun champ'],
    ['unclosed braces stay', 'Montant {{payload.amount', 'Montant {{payload.amount'],
    ['literals stay', 42, 42],
    ['null stays', null, null],
  ])('%s', (_label, value, expected) => {
    expect(resolveValue(value, data)).toEqual(expected);
  });

  it('resolves nested objects and arrays without mutating the param', () => {
    const param = {
      to: '{{event.from}}',
      cc: ['{{payload.lawyer}}', 'run {{run.id}}'],
      meta: { deadline: '{{payload.deadlineDays}}', label: 'J+{{payload.deadlineDays}}' },
      priority: 3,
      literal: { a: '{{payload.procedureType}}', b: 2 },
    };
    const snapshot = structuredClone(param);
    expect(resolveValue(param, data)).toEqual({
      to: 'greffe.ta-montreuil@juradm.fr',
      cc: [null, 'run run_8f2c'],
      meta: { deadline: 30, label: 'J+30' },
      priority: 3,
      literal: { a: 'OQTF', b: 2 },
    });
    expect(param).toEqual(snapshot);
  });

  it('evaluates json-logic params', () => {
    const priority = { if: [{ var: 'nodes.classify.output.urgent' }, 'haute', 'normale'] };
    expect(resolveValue(priority, data)).toBe('haute');
    expect(resolveValue({ subject: { cat: ['[', { var: 'payload.procedureType' }, '] ', 'Dossier'] } }, data)).toEqual({
      subject: '[OQTF] Dossier',
    });
    expect(() => resolveValue({ method: ['x', 'toString'] }, data)).toThrow(ConditionError);
  });

  it('bounds placeholders and output length', () => {
    const many = '{{payload.amount}}'.repeat(TEMPLATE_LIMITS.maxPlaceholders + 1);
    expect(() => resolveValue(many, data)).toThrow(ConditionError);
    const split = Array.from({ length: 600 }, () => 'x{{payload.amount}}');
    expect(() => resolveValue([split.join(''), split.join('')], data)).toThrow(/placeholders/);
    const big = { text: 'é'.repeat(150_000) };
    const out = resolveValue('Début {{text}} fin {{text}}', big) as string;
    expect(out.length).toBe(TEMPLATE_LIMITS.maxOutputLength);
    expect(out.startsWith('Début éé')).toBe(true);
  });

  it('a template read again resolves against the data of each call', () => {
    const text = 'Dossier {{payload.procedureType}}';
    expect(resolveValue(text, data)).toBe('Dossier OQTF');
    expect(resolveValue(text, { payload: { procedureType: 'ASILE' } })).toBe('Dossier ASILE');
    expect(resolveValue('{{payload.procedureType}}', data)).toBe('OQTF');
    expect(resolveValue('{{payload.procedureType}}', { payload: {} })).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      expect(resolveValue('{{payload.constructor}}', data)).toBeUndefined();
      expect(resolveValue('x{{payload.__proto__.toString}}', data)).toBe('x');
    }
  });

  it('many distinct templates keep resolving (bounded memory of read templates)', () => {
    for (let i = 0; i < 12_000; i++) {
      const value = resolveValue(`n${i} {{payload.amount}} {{payload.n${i}}}`, {
        payload: { amount: i, [`n${i}`]: 'ok' },
      });
      if (value !== `n${i} ${i} ok`) expect(value).toBe(`n${i} ${i} ok`);
    }
  });

  it('refuses params nested too deeply', () => {
    let param: unknown = '{{payload.amount}}';
    for (let i = 0; i < 100; i++) param = [param];
    expect(() => resolveValue(param, data)).toThrow(ConditionError);
  });
});
