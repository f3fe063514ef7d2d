import { type ReactNode, useMemo, useState } from 'react';
import { useT } from '../../i18n/lang.tsx';
import type { DiffMark } from '../flow/to-flow.ts';
import type { Doc } from '../model/document.ts';
import type { IssueIndex } from '../validation/validate-document.ts';
import { compareDocuments } from './compare.ts';

/** The comparison shown on the canvas (a published version against the draft), when one is active. */
export interface ComparisonView {
  active: boolean;
  version?: number;
  doc?: Doc;
  marks?: ReadonlyMap<string, DiffMark>;
  issues: IssueIndex;
  banner: ReactNode;
  start(version: number, before: Doc, draft: Doc): void;
  stop(): void;
}

const NO_ISSUES: IssueIndex = {
  all: [],
  byNode: new Map(),
  edges: new Set(),
  edgeOf: new Map(),
  errors: 0,
  warnings: 0,
};

/** State of the canvas comparison (the canvas is read-only while it is shown). */
export function useComparison(): ComparisonView {
  const t = useT();
  const [shown, setShown] = useState<{ version: number; before: Doc; draft: Doc } | undefined>();
  const compared = useMemo(() => (shown ? compareDocuments(shown.before, shown.draft) : undefined), [shown]);
  return {
    active: !!shown,
    ...(shown ? { version: shown.version } : {}),
    ...(compared ? { doc: compared.doc, marks: compared.marks } : {}),
    issues: NO_ISSUES,
    banner: shown ? (
      <div className="comparison-banner" role="status" data-testid="comparison-banner">
        <span>{t('comparing', { n: shown.version })}</span>
        <button type="button" onClick={() => setShown(undefined)}>
          {t('stopComparing')}
        </button>
      </div>
    ) : null,
    start: (version, before, draft) => setShown({ version, before, draft }),
    stop: () => setShown(undefined),
  };
}
