import './live.css';
import { useEffect, useState } from 'react';
import { useT } from '../i18n/lang.tsx';
import type { LiveMessage } from './live-connection.ts';
import { useLiveMessages } from './live-context.tsx';

type Notice = Extract<LiveMessage, { type: 'notification.created' }>['notification'];

/** How long a notification stays on screen unless closed (critical ones stay until closed). */
const SHOWN_MS = 15_000;
/** Most notifications shown at once (the oldest go first). */
const MAX_SHOWN = 4;

/** The person's notifications as they arrive over the live connection, in a corner of the page. */
export function LiveNotifications() {
  const t = useT();
  const [shown, setShown] = useState<Notice[]>([]);
  useLiveMessages((message) => {
    if (message.type !== 'notification.created') return;
    setShown((list) =>
      [...list.filter((n) => n.id !== message.notification.id), message.notification].slice(-MAX_SHOWN),
    );
  });
  useEffect(() => {
    const expiring = shown.filter((n) => n.priority !== 'critical');
    if (expiring.length === 0) return;
    const timer = setTimeout(() => setShown((list) => list.filter((n) => n !== expiring[0])), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [shown]);
  return (
    <section className="live-notifications" aria-label={t('liveNotifications')} aria-live="polite">
      {shown.map((n) => (
        <article key={n.id} className={`live-notification priority-${n.priority}`} data-testid="live-notification">
          <div>
            <strong>{n.title}</strong>
            {n.message && <p>{n.message}</p>}
          </div>
          <button
            type="button"
            className="link-button"
            aria-label={t('closeNotification')}
            onClick={() => setShown((list) => list.filter((x) => x.id !== n.id))}
          >
            ×
          </button>
        </article>
      ))}
    </section>
  );
}
