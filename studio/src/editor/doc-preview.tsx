import { type Edge, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useMemo } from 'react';
import { useLang } from '../i18n/lang.tsx';
import { type FlowCache, type StudioFlowNode, summarize, toFlowEdges, toFlowNodes } from './flow/to-flow.ts';
import type { Doc } from './model/document.ts';
import { EMPTY_SELECTION } from './model/history.ts';
import { nodeTypes } from './nodes/index.ts';

const NO_ISSUES = new Map();

/** A small read-only drawing of a document (both versions of a conflict side by side). */
export function DocPreview({ doc, label, testId }: { doc: Doc; label: string; testId?: string }) {
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
        },
        new Map() as FlowCache,
      ),
    [doc, lang],
  );
  const edges = useMemo(() => toFlowEdges(doc, lang, undefined, EMPTY_SELECTION, new Set()), [doc, lang]);
  return (
    <figure className="doc-preview" data-testid={testId}>
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
