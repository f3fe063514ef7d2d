import { useEffect } from 'react';

/** What the editor's keyboard shortcuts do. */
export interface ShortcutActions {
  undo(): void;
  redo(): void;
  copy(): void;
  cut(): void;
  paste(): void;
  duplicate(): void;
  selectAll(): void;
  save(): void;
  layout(): void;
  help(): void;
}

/** The shortcuts, for the help dialog: keys and what they do. */
export const SHORTCUTS: { keys: string; fr: string; en: string }[] = [
  { keys: 'Ctrl+Z', fr: 'Annuler', en: 'Undo' },
  { keys: 'Ctrl+Maj+Z / Ctrl+Y', fr: 'Rétablir', en: 'Redo' },
  { keys: 'Ctrl+C', fr: 'Copier la sélection', en: 'Copy the selection' },
  { keys: 'Ctrl+X', fr: 'Couper la sélection', en: 'Cut the selection' },
  { keys: 'Ctrl+V', fr: 'Coller', en: 'Paste' },
  { keys: 'Ctrl+D', fr: 'Dupliquer la sélection', en: 'Duplicate the selection' },
  { keys: 'Ctrl+A', fr: 'Tout sélectionner', en: 'Select all' },
  { keys: 'Suppr / Retour arrière', fr: 'Supprimer la sélection', en: 'Delete the selection' },
  { keys: 'Maj+clic, Maj+glisser', fr: 'Sélection multiple', en: 'Multi-select' },
  { keys: 'Ctrl+S', fr: 'Enregistrer maintenant', en: 'Save now' },
  { keys: 'Ctrl+Maj+L', fr: 'Réorganiser le graphe', en: 'Auto-layout' },
  { keys: '?', fr: 'Afficher les raccourcis', en: 'Show the shortcuts' },
];

const typing = (target: EventTarget | null) => {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
};

/**
 * Installs the editor's keyboard shortcuts on the page while `enabled`. Keys typed in a field keep their
 * usual meaning there (undo inside a text box undoes the typing), except Ctrl+S; none apply while a dialog
 * is open.
 */
export function useShortcuts(actions: ShortcutActions, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      // A dialog (conflict, publish, shortcuts) has the keyboard to itself.
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      if (mod && key === 's') {
        e.preventDefault();
        actions.save();
        return;
      }
      if (typing(e.target)) return;
      const run = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (mod && key === 'z' && !e.shiftKey) run(actions.undo);
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) run(actions.redo);
      else if (mod && key === 'c') run(actions.copy);
      else if (mod && key === 'x') run(actions.cut);
      else if (mod && key === 'v') run(actions.paste);
      else if (mod && key === 'd') run(actions.duplicate);
      else if (mod && key === 'a') run(actions.selectAll);
      else if (mod && e.shiftKey && key === 'l') run(actions.layout);
      else if (!mod && e.key === '?') run(actions.help);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [actions, enabled]);
}
