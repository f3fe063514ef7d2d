import { escapePointerSegment, type Issue } from '@iapm/schemas';
import { fromLogic, incompleteRules } from '../conditions/builder-model.ts';
import type { Doc } from '../model/document.ts';

const MESSAGES = {
  'studio.condition-incomplete': {
    fr: 'Choisissez le champ (et la valeur) de chaque ligne de la condition.',
    en: 'Choose the field (and the value) of every line of the condition.',
  },
  'studio.loop-items': {
    fr: 'Choisissez la liste que la boucle parcourt.',
    en: 'Choose the list the loop goes through.',
  },
} as const;

const issue = (pointer: string, nodeId: string, code: keyof typeof MESSAGES): Issue => ({
  pointer,
  nodeId,
  code,
  message: MESSAGES[code],
  severity: 'error',
});

/**
 * What the studio adds to the checker's issues: condition lines left without a field or values (a
 * half-built rule is valid json-logic but would never mean what the lawyer intends) and loops without a
 * list. Pure.
 */
export function studioIssues(doc: Doc): Issue[] {
  const out: Issue[] = [];
  doc.nodes.forEach((node, index) => {
    const at = `/nodes/${index}`;
    const checkLogic = (logic: unknown, pointer: string) => {
      const group = fromLogic(logic);
      if (group && incompleteRules(group).length > 0) out.push(issue(pointer, node.id, 'studio.condition-incomplete'));
    };
    if (node.kind === 'condition') checkLogic(node.logic, `${at}/logic`);
    if (node.kind === 'trigger' && node.filter !== undefined) checkLogic(node.filter, `${at}/filter`);
    if (node.kind === 'switch')
      (node.cases ?? []).forEach((c, i) => {
        checkLogic(c.logic, `${at}/cases/${escapePointerSegment(i)}/logic`);
      });
    if (node.kind === 'loop') {
      const items = node.items as { var?: unknown } | undefined;
      if (items && typeof items === 'object' && items.var === '')
        out.push(issue(`${at}/items`, node.id, 'studio.loop-items'));
    }
  });
  return out;
}
