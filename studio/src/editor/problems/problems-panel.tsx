import type { Issue } from '@iapm/schemas';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import { nodeTitle } from '../model/describe.ts';
import type { Doc } from '../model/document.ts';
import type { IssueIndex } from '../validation/validate-document.ts';

/**
 * The problems of the draft, errors first: which node, what is wrong, in the studio's language. Choosing
 * a problem selects its node (or edge) on the canvas.
 */
export function ProblemsPanel({
  doc,
  issues,
  onSelectNode,
  onSelectEdge,
}: {
  doc: Doc;
  issues: IssueIndex;
  onSelectNode: (id: string) => void;
  onSelectEdge: (id: string) => void;
}) {
  const t = useT();
  const lang = useLang();
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const sorted = [...issues.all].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const where = (issue: Issue) => {
    const node = issue.nodeId ? byId.get(issue.nodeId) : undefined;
    if (node) return pick(nodeTitle(node), lang);
    const edge = issues.edgeOf.get(issue);
    if (edge) return t('problemEdge', { id: edge });
    return t('problemWorkflow');
  };
  return (
    <section className="problems" aria-label={t('problems')} data-testid="problems">
      {sorted.length === 0 ? (
        <p className="problems-none">{t('noProblems')}</p>
      ) : (
        <ul>
          {sorted.map((issue) => {
            const edge = issues.edgeOf.get(issue);
            const target = issue.nodeId && byId.has(issue.nodeId) ? issue.nodeId : undefined;
            return (
              <li key={`${issue.pointer}|${issue.code}|${issue.message.en}`}>
                <button
                  type="button"
                  className={`problem ${issue.severity}`}
                  disabled={!target && !edge}
                  onClick={() => (target ? onSelectNode(target) : edge ? onSelectEdge(edge) : undefined)}
                  data-code={issue.code}
                >
                  <span className="problem-severity">
                    {t(issue.severity === 'error' ? 'severityError' : 'severityWarning')}
                  </span>
                  <span className="problem-where">{where(issue)}</span>
                  <span className="problem-message">{pick(issue.message, lang)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
