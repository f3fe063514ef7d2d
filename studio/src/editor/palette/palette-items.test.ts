import { getCatalog } from '@iapm/schemas';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../model/document.ts';
import { instantiate, paletteItems, searchPalette } from './palette-items.ts';

describe('palette', () => {
  const items = paletteItems();

  it('offers every event as a trigger, every catalog action, and the flow blocks', () => {
    const catalog = getCatalog();
    expect(items.filter((i) => i.group === 'triggers')).toHaveLength(catalog.events.length + 1);
    expect(items.filter((i) => i.group === 'actions')).toHaveLength(catalog.actions.filter((a) => !a.nodeKind).length);
    expect(items.filter((i) => i.group === 'flow').map((i) => i.key)).toEqual([
      'flow:wait',
      'flow:parallel',
      'flow:join',
      'flow:loop',
      'flow:subflow',
      'flow:end',
    ]);
    expect(items.filter((i) => i.group === 'conditions')).toHaveLength(2);
  });

  it('finds entries without accents, in both languages', () => {
    expect(searchPalette(items, 'delai recours', 'fr').map((i) => i.key)).toContain('action:create_deadline');
    expect(searchPalette(items, 'email received', 'fr').map((i) => i.key)).toContain('trigger:email:received');
  });

  it('creates nodes with fresh ids and the defaults of required parameters', () => {
    const doc: Doc = {
      schemaVersion: 1,
      name: 'x',
      nodes: [{ id: 'create-deadline', kind: 'action', action: 'create_deadline' }],
      edges: [],
    };
    const item = items.find((i) => i.key === 'action:create_deadline');
    const made = item && instantiate(item, doc, { x: 10.4, y: 20.6 });
    expect(made).toMatchObject({ type: 'node', node: { id: 'create-deadline-2', position: { x: 10, y: 21 } } });
    const note = instantiate(items.find((i) => i.key === 'note') as (typeof items)[0], doc, { x: 0, y: 0 });
    expect(note).toMatchObject({ type: 'note', note: { id: 'note', text: '' } });
  });
});
