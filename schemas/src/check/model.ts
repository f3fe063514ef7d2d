import type { Autonomy } from '../catalog.ts';

/**
 * The parts of a workflow document the checker reads. The document has already passed the JSON Schema
 * check when these are used, so the shapes below hold.
 */
export interface CheckedNode {
  id: string;
  kind: string;
  event?: string;
  cron?: unknown;
  filter?: unknown;
  logic?: unknown;
  cases?: { port: string; label?: string; logic: unknown }[];
  action?: string;
  params?: Record<string, unknown>;
  autonomy?: Autonomy;
  gate?: { timeout?: string; confidence?: unknown };
  for?: string;
  until?: unknown;
  correlate?: Record<string, unknown>;
  timeout?: string;
  items?: unknown;
  workflowId?: string;
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
  mode?: 'all' | 'first';
}

export interface CheckedEdge {
  id: string;
  source: string;
  target: string;
  port?: string;
}

export interface CheckedDocument {
  id?: string;
  name: string;
  nodes: CheckedNode[];
  edges: CheckedEdge[];
  settings?: { maxSubflowDepth?: number };
}

/** Firm policy that can raise autonomy levels (never lower them). */
export interface AutonomyPolicy {
  raise?: Record<string, Autonomy>;
}

export interface CheckOptions {
  /** Looks up another workflow (for subflow depth and cycles); without it only self-reference is checked. */
  resolveWorkflow?: (workflowId: string) => CheckedDocument | undefined;
  /** The firm's policy: used to decide which actions are gated. */
  policy?: AutonomyPolicy;
}
