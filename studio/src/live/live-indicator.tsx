import './live.css';
import { useT } from '../i18n/lang.tsx';
import { useLiveStatus } from './live-context.tsx';

/** « En direct » while the live connection is open, « Reconnexion… » while it is coming back. */
export function LiveIndicator() {
  const t = useT();
  const status = useLiveStatus();
  if (status === 'stopped') return null;
  const open = status === 'open';
  return (
    <span
      className={`pill live-status ${open ? 'live-open' : 'live-down'}`}
      data-testid="live-status"
      data-status={status}
      role="status"
      title={open ? t('liveOpenHelp') : t('liveDownHelp')}
    >
      <span className="live-dot" aria-hidden="true" />
      {open ? t('liveOpen') : status === 'connecting' ? t('liveConnecting') : t('liveReconnecting')}
    </span>
  );
}
