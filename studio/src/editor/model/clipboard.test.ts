import { describe, expect, it } from 'vitest';
import { copySelection, pasteClip, renameReferences } from './clipboard.ts';
import type { Doc } from './document.ts';

/*
 *   trigger ──► extract ──► deadline
 *   (copy extract + deadline, paste them beside)
 */
const doc: Doc = {
  schemaVersion: 1,
  name: 'Copie',
  nodes: [
    { id: 'trigger', kind: 'trigger', event: 'email:received', position: { x: 0, y: 0 } },
    {
      id: 'extract',
      kind: 'action',
      action: 'extract_data',
      params: { text: '{{payload.text}}' },
      position: { x: 0, y: 100 },
    },
    {
      id: 'deadline',
      kind: 'action',
      action: 'create_deadline',
      params: { workspaceId: '{{payload.workspaceId}}', notifiedAt: '{{nodes.extract.output.notificationDate}}' },
      position: { x: 0, y: 200 },
    },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'extract' },
    { id: 'e2', source: 'extract', target: 'deadline' },
  ],
  annotations: [{ id: 'note', text: 'À relire', position: { x: 300, y: 0 } }],
};

describe('copy and paste', () => {
  it('copies the selected nodes and only the edges between them', () => {
    const clip = copySelection(doc, ['extract', 'deadline'], ['note']);
    expect(clip.nodes.map((n) => n.id)).toEqual(['extract', 'deadline']);
    expect(clip.edges.map((e) => e.id)).toEqual(['e2']);
    expect(clip.notes.map((n) => n.id)).toEqual(['note']);
  });

  it('pastes with fresh ids, shifted, and references follow the new ids', () => {
    // ARRANGE
    const clip = copySelection(doc, ['extract', 'deadline'], ['note']);
    // ACT
    const pasted = pasteClip(doc, clip, { x: 40, y: 40 });
    // ASSERT
    expect(pasted.nodeIds).toEqual(['extract-data', 'create-deadline']);
    expect(pasted.noteIds).toEqual(['note-2']);
    const ids = pasted.doc.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    const copy = pasted.doc.nodes.find((n) => n.id === 'create-deadline');
    expect(copy?.position).toEqual({ x: 40, y: 240 });
    expect(copy?.kind === 'action' && copy.params?.notifiedAt).toBe('{{nodes.extract-data.output.notificationDate}}');
    const edge = pasted.doc.edges.at(-1);
    expect(edge).toMatchObject({ source: 'extract-data', target: 'create-deadline' });
    expect(new Set(pasted.doc.edges.map((e) => e.id)).size).toBe(pasted.doc.edges.length);
    // The original is untouched.
    expect(doc.nodes).toHaveLength(3);
  });

  it('pasting twice gives new ids again', () => {
    const clip = copySelection(doc, ['extract'], []);
    const once = pasteClip(doc, clip, { x: 10, y: 10 });
    const twice = pasteClip(once.doc, clip, { x: 20, y: 20 });
    expect(twice.nodeIds).toEqual(['extract-data-2']);
  });

  it('renames only whole ids', () => {
    const renames = new Map([['extract', 'extract-2']]);
    expect(renameReferences({ a: '{{nodes.extract.output.x}} {{nodes.extract-old.output}}' }, renames)).toEqual({
      a: '{{nodes.extract-2.output.x}} {{nodes.extract-old.output}}',
    });
    expect(renameReferences({ var: 'nodes.extract' }, renames)).toEqual({ var: 'nodes.extract-2' });
  });
});
