import type { AutonomyPolicy, Issue } from '@iapm/schemas';
import type { Doc, DocNode } from '../model/document.ts';
import type { FieldOption } from '../model/fields.ts';

/** What every node form receives. */
export interface NodeFormProps<N extends DocNode = DocNode> {
  node: N;
  doc: Doc;
  /** Replaces the node; edits under the same `coalesce` key in a row are one undo step. */
  update: (next: N, coalesce?: string) => void;
  /** The node's pointer in the document (`/nodes/3`). */
  pointer: string;
  /** The node's issues. */
  issues: readonly Issue[];
  /** The values the node can read (`{{` autocompletion, condition fields). */
  fields: readonly FieldOption[];
  policy?: AutonomyPolicy;
}
