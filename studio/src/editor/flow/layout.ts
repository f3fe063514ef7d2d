import type { AutonomyPolicy } from '@iapm/schemas';
import type { Doc, XY } from '../model/document.ts';
import { outputPorts, sourceHandleOf } from '../model/ports.ts';

/** Size assumed for a node not yet measured on screen. */
export const DEFAULT_NODE_SIZE = { width: 240, height: 110 };

interface ElkNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  ports?: { id: string; layoutOptions?: Record<string, string> }[];
  layoutOptions?: Record<string, string>;
  children?: ElkNode[];
  edges?: { id: string; sources: string[]; targets: string[] }[];
}

/** The ELK graph of a document: nodes top to bottom, output ports in their drawn order. Pure. */
export function elkGraph(
  doc: Doc,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
  policy?: AutonomyPolicy,
): ElkNode {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '50',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.edgeRouting': 'ORTHOGONAL',
    },
    children: doc.nodes.map((node) => {
      const size = sizes.get(node.id) ?? DEFAULT_NODE_SIZE;
      const ports = outputPorts(node, policy);
      return {
        id: node.id,
        width: size.width,
        height: size.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: [
          { id: `${node.id}::in`, layoutOptions: { 'elk.port.side': 'NORTH' } },
          // ELK numbers ports clockwise from the top left: on the south side, a higher index is further left.
          ...ports.map((p, i) => ({
            id: `${node.id}::out:${p.id}`,
            layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.index': String(ports.length - i) },
          })),
        ],
      };
    }),
    edges: doc.edges
      .filter((e) => byId.has(e.source) && byId.has(e.target))
      .map((e) => {
        const source = byId.get(e.source);
        const port = sourceHandleOf(e, source);
        const known = source && outputPorts(source, policy).some((p) => p.id === port);
        return {
          id: e.id,
          sources: [known ? `${e.source}::out:${port}` : e.source],
          targets: [`${e.target}::in`],
        };
      }),
  };
}

/**
 * New positions for every node of a document, laid out by ELK's layered algorithm (loaded on first use:
 * it is large). Sticky notes keep their places.
 */
export async function autoLayout(
  doc: Doc,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
  policy?: AutonomyPolicy,
): Promise<Record<string, XY>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const laid = (await elk.layout(elkGraph(doc, sizes, policy) as never)) as unknown as ElkNode;
  const positions: Record<string, XY> = {};
  for (const child of laid.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return positions;
}
