import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useT } from '../i18n/lang.tsx';

/**
 * A modal dialog: labelled by its title, focus moved inside on open and kept there (Tab cycles), Escape
 * closes it (when `onClose` is given), focus returns to where it was on close.
 */
export function Dialog({
  title,
  onClose,
  children,
  wide,
  testId,
}: {
  title: string;
  onClose?: () => void;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const t = useT();
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const focusable = () =>
      [
        ...(box.current?.querySelectorAll<HTMLElement>(
          'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])',
        ) ?? []),
      ].filter((el) => el.offsetParent !== null);
    (focusable()[0] ?? box.current)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && onClose) {
        e.stopPropagation();
        onClose();
      }
      if (e.key !== 'Tab') return;
      const items = focusable();
      if (!items.length) return;
      const first = items[0] as HTMLElement;
      const last = items.at(-1) as HTMLElement;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      previous?.focus?.();
    };
  }, [onClose]);
  return (
    <div className="dialog-backdrop">
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        className={`dialog ${wide ? 'wide' : ''}`}
        tabIndex={-1}
        data-testid={testId}
      >
        <div className="dialog-head">
          <h2 id={id}>{title}</h2>
          {onClose && (
            <button type="button" className="icon-button" onClick={onClose} aria-label={t('close')}>
              ×
            </button>
          )}
        </div>
        {children}
      </div>
    </div>
  );
}
