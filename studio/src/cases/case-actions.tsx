import { type FormEvent, useId, useState } from 'react';
import { type ChecklistItemView, casesApi, type DeadlineClose, type DeadlineView } from '../api/cases.ts';
import { isProblem } from '../api/client.ts';
import { Dialog } from '../components/dialog.tsx';
import { type Lang, pick, useLang, useT } from '../i18n/lang.tsx';

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** The types the server accepts (the file picker offers these; the server checks the bytes). */
export const UPLOAD_ACCEPT =
  '.pdf,.jpg,.jpeg,.png,.gif,.webp,.heic,.tif,.tiff,.eml,.doc,.docx,.xls,.xlsx,.odt,.ods,application/pdf,image/*,message/rfc822';

/** A problem in words: its title, then each issue's message (with the field it concerns). */
export function problemWords(problem: unknown, lang: Lang): string {
  if (!isProblem(problem)) return String(problem);
  const issues = (problem.issues ?? []).map((i) => pick(i.message, lang));
  return [pick(problem.message, lang) || String(problem.status), ...issues].filter(Boolean).join(' ');
}

/** The message of the issue at a pointer, for the field it concerns. */
const issueAt = (problem: unknown, pointer: string) =>
  isProblem(problem) ? problem.issues?.find((i) => i.pointer === pointer)?.message : undefined;

/** Today in Paris as `YYYY-MM-DD` (the default filing date). */
export const todayInParis = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

/**
 * The button that ticks or unticks a checklist item. Ticking is shown at once and undone if the server
 * refuses; unticking a mandatory item asks for a reason first (it is never removed silently).
 */
export function ChecklistToggle({
  item,
  onChanged,
  onSettled,
  onError,
}: {
  item: ChecklistItemView;
  onChanged: (item: ChecklistItemView) => void;
  /** After the server's answer (the timeline has a new line). */
  onSettled: () => void;
  onError: (message: string) => void;
}) {
  const t = useT();
  const lang = useLang();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const received = item.status === 'received' || item.status === 'verified';
  const send = async (value: boolean, reason?: string) => {
    setBusy(true);
    // Ticking is safe to show before the answer: the previous state comes back if it fails.
    if (value) onChanged({ ...item, status: 'received' });
    try {
      onChanged(await casesApi.checkItem(item.id, value, reason));
      setAsking(false);
      onSettled();
    } catch (problem) {
      if (value) onChanged(item);
      if (!value && reason !== undefined) throw problem;
      onError(problemWords(problem, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="small-button"
        disabled={busy}
        aria-label={t(received ? 'markMissingNamed' : 'markReceivedNamed', { label: item.label })}
        data-testid={`check-${item.key}`}
        onClick={() => {
          if (received && item.required) setAsking(true);
          else void send(!received);
        }}
      >
        {busy ? t('working') : t(received ? 'markMissing' : 'markReceived')}
      </button>
      {asking && (
        <ReasonDialog
          title={t('untickTitle', { label: item.label })}
          help={t('untickHelp')}
          confirm={t('markMissing')}
          onClose={() => setAsking(false)}
          onConfirm={(reason) => send(false, reason)}
        />
      )}
    </>
  );
}

/** A small dialog asking for a reason; the server's refusal is shown in words inside it. */
function ReasonDialog({
  title,
  help,
  confirm,
  onClose,
  onConfirm,
}: {
  title: string;
  help: string;
  confirm: string;
  onClose: () => void;
  onConfirm: (reason: string) => Promise<void>;
}) {
  const t = useT();
  const lang = useLang();
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setError(t('reason'));
    setBusy(true);
    try {
      await onConfirm(reason.trim());
    } catch (problem) {
      setError(problemWords(problem, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={onClose} testId="reason-dialog">
      <form onSubmit={submit}>
        <p className="small">{help}</p>
        <div className="field">
          <label htmlFor={id}>{t('reason')}</label>
          <textarea id={id} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('working') : confirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Closes a deadline: the appeal filed (date, optional reference) or no longer relevant (reason). */
export function CloseDeadlineDialog({
  deadline,
  onClose,
  onClosed,
}: {
  deadline: DeadlineView;
  onClose: () => void;
  onClosed: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const ids = { date: useId(), reference: useId(), reason: useId() };
  const [status, setStatus] = useState<'met' | 'cancelled'>('met');
  const [filedOn, setFiledOn] = useState(todayInParis());
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const body: DeadlineClose =
      status === 'met'
        ? { status, filedOn, ...(reference.trim() ? { reference: reference.trim() } : {}) }
        : { status, reason: reason.trim() };
    try {
      await casesApi.closeDeadline(deadline.id, body);
      onClosed();
    } catch (p) {
      setProblem(p);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (pointer: string) => {
    const message = issueAt(problem, pointer);
    return message ? (
      <p className="error small" id={`${pointer.slice(1)}-error`}>
        {pick(message, lang)}
      </p>
    ) : null;
  };
  return (
    <Dialog title={t('closeDeadlineTitle', { label: deadline.label })} onClose={onClose} testId="close-deadline">
      <form onSubmit={submit}>
        <fieldset className="choice">
          <legend className="sr-only">{t('closeDeadline')}</legend>
          <label>
            <input type="radio" name="status" checked={status === 'met'} onChange={() => setStatus('met')} />{' '}
            {t('closeAsMet')}
          </label>
          <label>
            <input
              type="radio"
              name="status"
              checked={status === 'cancelled'}
              onChange={() => setStatus('cancelled')}
            />{' '}
            {t('closeAsCancelled')}
          </label>
        </fieldset>
        {status === 'met' ? (
          <>
            <div className="field">
              <label htmlFor={ids.date}>{t('filedOn')}</label>
              <input
                id={ids.date}
                type="date"
                required
                max={todayInParis()}
                value={filedOn}
                onChange={(e) => setFiledOn(e.target.value)}
              />
              {fieldError('/filedOn')}
            </div>
            <div className="field">
              <label htmlFor={ids.reference}>{t('filingReference')}</label>
              <input
                id={ids.reference}
                maxLength={200}
                value={reference}
                onChange={(e) => setReference(e.target.value)}
              />
            </div>
          </>
        ) : (
          <div className="field">
            <label htmlFor={ids.reason}>{t('reason')}</label>
            <textarea
              id={ids.reason}
              required
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            {fieldError('/reason')}
          </div>
        )}
        {problem !== undefined && (
          <p role="alert" className="error">
            {problemWords(problem, lang)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="confirm-close-deadline">
            {busy ? t('working') : t('confirmClose')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Adds a document to the case: a file and, optionally, the checklist item it is for. */
export function UploadForm({
  workspaceId,
  items,
  onUploaded,
}: {
  workspaceId: string;
  items: ChecklistItemView[];
  onUploaded: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const ids = { file: useId(), item: useId() };
  const [file, setFile] = useState<File | null>(null);
  const [documentType, setDocumentType] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setDone(undefined);
    if (!file) return setError(t('chooseFile'));
    if (file.size > MAX_UPLOAD_BYTES) return setError(t('fileTooLarge'));
    setBusy(true);
    setError(undefined);
    try {
      await casesApi.uploadDocument(workspaceId, file, documentType || undefined);
      setDone(t('documentAdded', { name: file.name }));
      setFile(null);
      (e.target as HTMLFormElement).reset();
      onUploaded();
    } catch (problem) {
      setError(problemWords(problem, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="upload-form" onSubmit={submit} aria-label={t('addDocument')} data-testid="upload-form">
      <h4>{t('addDocument')}</h4>
      <div className="field">
        <label htmlFor={ids.file}>{t('documentFile')}</label>
        <input
          id={ids.file}
          type="file"
          accept={UPLOAD_ACCEPT}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          data-testid="upload-file"
        />
      </div>
      {items.length > 0 && (
        <div className="field">
          <label htmlFor={ids.item}>{t('documentItem')}</label>
          <select
            id={ids.item}
            value={documentType}
            onChange={(e) => setDocumentType(e.target.value)}
            data-testid="upload-item"
          >
            <option value="">{t('documentItemGuess')}</option>
            {items.map((i) => (
              <option key={i.id} value={i.key}>
                {i.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="submit" className="primary" disabled={busy} data-testid="upload-submit">
        {busy ? t('sending') : t('sendDocument')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="small">
          {done}
        </p>
      )}
    </form>
  );
}
