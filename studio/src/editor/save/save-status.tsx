import { useT } from '../../i18n/lang.tsx';
import type { SaverState } from './draft-saver.ts';

/** The unsaved-changes indicator: saved, unsaved, saving, failed (retrying) or in conflict. */
export function SaveStatus({ state, onSave }: { state: SaverState; onSave: () => void }) {
  const t = useT();
  const label = {
    saved: t('saved'),
    dirty: t('dirty'),
    saving: t('saving'),
    error: t('saveError'),
    conflict: t('saveConflict'),
  }[state.status];
  return (
    <span className="save-status-wrap">
      <output
        className={`save-status status-${state.status}`}
        aria-live="polite"
        data-testid="save-status"
        data-status={state.status}
      >
        <span className="dot" aria-hidden="true" />
        {label}
      </output>
      {(state.status === 'dirty' || state.status === 'error') && (
        <button type="button" className="link-button" onClick={onSave}>
          {t('saveNow')}
        </button>
      )}
    </span>
  );
}
