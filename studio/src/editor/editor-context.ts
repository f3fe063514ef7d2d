import { createContext, useContext } from 'react';
import type { EditorStore } from './model/store.ts';

/** The editor's store for components drawn by React Flow (sticky notes edit their text through it). */
export const EditorStoreContext = createContext<EditorStore | null>(null);

/** The editor's store; only inside the editor. */
export function useEditorStore(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStore outside the editor');
  return store;
}
