import { type AutonomyPolicy, type CheckedNode, edgePort, effectiveAutonomy, portsOf } from '@iapm/schemas';
import type { Bilingual } from '../../i18n/text.ts';
import type { DocEdge, DocNode } from './document.ts';

/** An output port of a node as drawn: its handle id ('' for the unnamed branches of a parallel) and its label. */
export interface PortSpec {
  id: string;
  label: Bilingual;
}

const LABELS: Record<string, Bilingual> = {
  next: { fr: 'Suite', en: 'Next' },
  true: { fr: 'Oui', en: 'Yes' },
  false: { fr: 'Non', en: 'No' },
  success: { fr: 'Succès', en: 'Success' },
  error: { fr: 'Erreur', en: 'Error' },
  approved: { fr: 'Approuvé', en: 'Approved' },
  rejected: { fr: 'Rejeté', en: 'Rejected' },
  timeout: { fr: 'Délai dépassé', en: 'Timed out' },
  event: { fr: 'Événement', en: 'Event' },
  each: { fr: 'Chaque', en: 'Each' },
  done: { fr: 'Terminé', en: 'Done' },
  default: { fr: 'Autre cas', en: 'Default' },
  '': { fr: 'Branches', en: 'Branches' },
};

const checked = (node: DocNode) => node as unknown as CheckedNode;

/** True when the action runs only after a person's decision (ORANGE or RED, after the firm's raise). */
export function isGated(node: DocNode, policy?: AutonomyPolicy): boolean {
  return node.kind === 'action' && effectiveAutonomy(checked(node), policy) !== 'GREEN';
}

/**
 * The output ports drawn on a node, in order, with their labels. A gated action shows `success` as
 * « Approuvé » (the runtime treats `approved` and `success` as one port) next to « Rejeté », « Délai dépassé »
 * and « Erreur »; a parallel node has one handle for any number of branches. Pure.
 */
export function outputPorts(node: DocNode, policy?: AutonomyPolicy): PortSpec[] {
  if (node.kind === 'parallel') return [{ id: '', label: LABELS[''] as Bilingual }];
  const ports = portsOf(checked(node), policy) ?? [];
  if (node.kind === 'action' && isGated(node, policy)) {
    return ['success', 'rejected', 'timeout', 'error'].map((id) => ({
      id,
      label: (id === 'success' ? LABELS.approved : LABELS[id]) as Bilingual,
    }));
  }
  if (node.kind === 'switch') {
    const cases = node.cases ?? [];
    return ports.map((id) => {
      const c = cases.find((x) => x.port === id);
      return { id, label: c ? { fr: c.label || c.port, en: c.label || c.port } : (LABELS[id] ?? { fr: id, en: id }) };
    });
  }
  return ports.map((id) => ({ id, label: LABELS[id] ?? { fr: id, en: id } }));
}

/** The handle an edge leaves from (its port, or the kind's default; `approved` drawn on `success`). Pure. */
export function sourceHandleOf(edge: DocEdge, source: DocNode | undefined): string {
  if (!source) return edge.port ?? '';
  return edgePort(edge, checked(source)) ?? edge.port ?? '';
}

/** The label of a port of a node, for edges and lists. Pure. */
export function portLabel(node: DocNode | undefined, port: string, policy?: AutonomyPolicy): Bilingual | undefined {
  if (!node) return LABELS[port];
  return outputPorts(node, policy).find((p) => p.id === port)?.label ?? LABELS[port];
}

/** True when the node has an input (everything but the trigger). */
export const hasInput = (node: DocNode) => node.kind !== 'trigger';
