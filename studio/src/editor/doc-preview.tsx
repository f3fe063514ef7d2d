import { type Edge, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useMemo } from 'react';
import { useLang } from '../i18n/lang.tsx';
import { type FlowCache, type StudioFlowNode, summarize, toFlowEdges, toFlowNodes } from './flow/to-flow.ts';
import type { Doc } from './model/document.ts';
import { EMPTY_SELECTION } from './model/history.ts';
import { nodeTypes } from './nodes/index.ts';
import type { RunMarks } from './testrun/run-marks.ts';

const NO_ISSUES = new Map();

/** A read-only drawing of a document (both versions of a conflict side by side; a run on its workflow). */
export function DocPreview({
  doc,
  label,
  testId,
  run,
  className,
}: {
  doc: Doc;
  label: string;
  testId?: string;
  /** A run painted on the drawing. */
  run?: RunMarks;
  className?: string;
}) {
  const lang = useLang();
  const nodes = useMemo(
    () =>
      toFlowNodes(
        {
          doc,
          lang,
          issuesByNode: NO_ISSUES,
          selection: EMPTY_SELECTION,
          drag: null,
          measured: new Map(),
          summaries: summarize(doc, lang),
          readOnly: true,
          ...(run ? { run } : {}),
        },
        new Map() as FlowCache,
      ),
    [doc, lang, run],
  );
  const edges = useMemo(
    () => toFlowEdges(doc, lang, undefined, EMPTY_SELECTION, new Set(), undefined, run?.edges),
    [doc, lang, run],
  );
  return (
    <figure className={`doc-preview ${className ?? ''}`} data-testid={testId}>
      <figcaption>{label}</figcaption>
      <div className="doc-preview-canvas">
        <ReactFlowProvider>
          <ReactFlow<StudioFlowNode, Edge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            fitView
            minZoom={0.05}
            proOptions={{ hideAttribution: true }}
          />
        </ReactFlowProvider>
      </div>
    </figure>
  );
}
