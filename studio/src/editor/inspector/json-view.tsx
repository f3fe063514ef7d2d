import type { Issue } from '@iapm/schemas';
import { useEffect, useRef, useState } from 'react';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import type { DocNode } from '../model/document.ts';

/**
 * The block as JSON, read and write: checked as you type (readable JSON, same kind and id), applied as soon as
 * it reads, and the block's problems listed under it.
 */
export function NodeJsonView({
  node,
  issues,
  onChange,
}: {
  node: DocNode;
  issues: readonly Issue[];
  onChange: (node: DocNode) => void;
}) {
  const t = useT();
  const lang = useLang();
  const [text, setText] = useState(() => JSON.stringify(node, null, 2));
  const [error, setError] = useState<string | undefined>();
  const typed = useRef<unknown>(node);
  useEffect(() => {
    // Changes made elsewhere (undo, the form) replace the text unless it is what was just typed.
    if (typed.current !== node) setText(JSON.stringify(node, null, 2));
  }, [node]);
  return (
    <div className="json-view">
      <p className="help">{t('jsonViewHelp')}</p>
      <textarea
        className="json-field"
        spellCheck={false}
        rows={18}
        aria-label={t('tabJson')}
        aria-invalid={!!error || undefined}
        value={text}
        data-testid="node-json"
        onChange={(e) => {
          setText(e.target.value);
          let parsed: unknown;
          try {
            parsed = JSON.parse(e.target.value);
          } catch (err) {
            setError(t('jsonInvalid', { detail: (err as Error).message }));
            return;
          }
          const next = parsed as DocNode;
          if (
            !next ||
            typeof next !== 'object' ||
            Array.isArray(next) ||
            next.id !== node.id ||
            next.kind !== node.kind
          ) {
            setError(t('jsonKindLocked'));
            return;
          }
          setError(undefined);
          typed.current = next;
          onChange(next);
        }}
      />
      {error && (
        <p className="field-issues" role="alert">
          {error}
        </p>
      )}
      {!error && issues.length > 0 && (
        <ul className="field-issues" data-testid="node-json-issues">
          {issues.map((i) => (
            <li key={`${i.pointer}${i.code}`}>
              <code>{i.pointer}</code> {pick(i.message, lang)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
