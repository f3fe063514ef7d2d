import { type NodeProps, NodeResizer } from '@xyflow/react';
import { memo } from 'react';
import { t } from '../../i18n/lang.tsx';
import { useEditorStore } from '../editor-context.ts';
import type { NoteFlowNode } from '../flow/to-flow.ts';
import { updateNote } from '../model/ops.ts';

const COLOURS = ['yellow', 'blue', 'green', 'pink', 'grey'] as const;

/** A sticky note: free text on the canvas, resizable, in one of five colours. */
export const NoteNode = memo(function NoteNode({ data, selected }: NodeProps<NoteFlowNode>) {
  const store = useEditorStore();
  const { note, lang, readOnly } = data;
  const edit = (patch: Parameters<typeof updateNote>[2], coalesce?: string) =>
    store.change((d) => updateNote(d, note.id, patch), coalesce ? { coalesce } : {});
  return (
    <div className={`wf-note colour-${note.color ?? 'yellow'}`} data-testid={`note-${note.id}`}>
      {!readOnly && (
        <NodeResizer
          isVisible={!!selected}
          minWidth={120}
          minHeight={80}
          onResizeEnd={(_e, p) =>
            edit({
              width: Math.round(p.width),
              height: Math.round(p.height),
              position: { x: Math.round(p.x), y: Math.round(p.y) },
            })
          }
        />
      )}
      <textarea
        className="nodrag nowheel"
        aria-label={t(lang, 'noteText')}
        value={note.text}
        readOnly={readOnly}
        maxLength={5000}
        onChange={(e) => edit({ text: e.target.value }, `note/${note.id}/text`)}
      />
      {selected && !readOnly && (
        <fieldset className="wf-note-colours nodrag">
          <legend className="sr-only">{t(lang, 'noteColour')}</legend>
          {COLOURS.map((c) => (
            <button
              key={c}
              type="button"
              className={`swatch colour-${c}`}
              aria-label={c}
              aria-pressed={(note.color ?? 'yellow') === c}
              onClick={() => edit({ color: c })}
            />
          ))}
        </fieldset>
      )}
    </div>
  );
});
