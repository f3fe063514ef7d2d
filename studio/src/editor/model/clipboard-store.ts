import type { Clip } from './clipboard.ts';

const KEY = 'iapm.clipboard';

/** Keeps a copied clip for pasting, in this tab and in the studio's other tabs. */
export function storeClip(clip: Clip): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(clip));
  } catch {
    // A full storage only loses the copy between tabs; this tab still has it below.
  }
  lastClip = clip;
}

let lastClip: Clip | undefined;

/** The last copied clip (another tab's if it copied later). */
export function loadClip(): Clip | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw) return JSON.parse(raw) as Clip;
  } catch {
    // Unreadable storage: fall back to this tab's copy.
  }
  return lastClip;
}
