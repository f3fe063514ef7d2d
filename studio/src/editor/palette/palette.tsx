import { type DragEvent, useMemo, useState } from 'react';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import type { Bilingual } from '../../i18n/text.ts';
import { Icon } from '../nodes/icons.tsx';
import { type PaletteGroup, type PaletteItem, paletteItems, searchPalette } from './palette-items.ts';

/** The drag-and-drop data type of palette entries. */
export const PALETTE_MIME = 'application/x-iapm-palette';

const ITEMS = paletteItems();
const ITEMS_BY_KEY = new Map(ITEMS.map((i) => [i.key, i]));

/** The palette entry of a key (from a drop). */
export const paletteItem = (key: string): PaletteItem | undefined => ITEMS_BY_KEY.get(key);

const GROUPS: {
  id: PaletteGroup;
  title: 'groupTriggers' | 'groupConditions' | 'groupActions' | 'groupFlow' | 'stickyNote';
}[] = [
  { id: 'triggers', title: 'groupTriggers' },
  { id: 'conditions', title: 'groupConditions' },
  { id: 'actions', title: 'groupActions' },
  { id: 'flow', title: 'groupFlow' },
  { id: 'notes', title: 'stickyNote' },
];

/** Entries grouped by catalog category, in order of first appearance. */
function byCategory(items: PaletteItem[]): { category?: Bilingual; items: PaletteItem[] }[] {
  const out: { category?: Bilingual; items: PaletteItem[] }[] = [];
  for (const item of items) {
    const last = out.at(-1);
    if (last && last.category?.fr === item.category?.fr) last.items.push(item);
    else out.push({ ...(item.category ? { category: item.category } : {}), items: [item] });
  }
  return out;
}

/**
 * The palette: Déclencheurs, Conditions, Actions (by category), Flux and Note. Entries are dragged onto the
 * canvas, or chosen with the keyboard (Entrée) or a click to be placed in the middle of the view.
 */
export function Palette({
  onAdd,
  disabled,
  hasTrigger,
}: {
  onAdd: (item: PaletteItem) => void;
  disabled?: boolean;
  /** Once the workflow has its trigger, the long list of triggers starts folded. */
  hasTrigger: boolean;
}) {
  const t = useT();
  const lang = useLang();
  const [query, setQuery] = useState('');
  const found = useMemo(() => searchPalette(ITEMS, query, lang), [query, lang]);
  const start = (e: DragEvent, item: PaletteItem) => {
    e.dataTransfer.setData(PALETTE_MIME, item.key);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <nav className="palette" aria-label={t('palette')}>
      <label className="palette-search">
        <span className="sr-only">{t('paletteSearch')}</span>
        <input
          type="search"
          placeholder={t('paletteSearch')}
          aria-label={t('paletteSearch')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      <p className="palette-help">{t('paletteHelp')}</p>
      {GROUPS.map((group) => {
        const items = found.filter((i) => i.group === group.id);
        if (!items.length) return null;
        return (
          <details
            key={group.id}
            open={group.id !== 'triggers' || !hasTrigger || query !== ''}
            className="palette-group"
          >
            <summary>
              <h2>{t(group.title)}</h2>
            </summary>
            {byCategory(items).map((section) => (
              <div key={section.category?.fr ?? group.id} className="palette-section">
                {section.category && group.id !== 'notes' && <h3>{pick(section.category, lang)}</h3>}
                <ul>
                  {section.items.map((item) => (
                    <li key={item.key}>
                      <button
                        type="button"
                        className={`palette-item ${item.autonomy ? `autonomy-${item.autonomy.toLowerCase()}` : ''}`}
                        draggable={!disabled}
                        disabled={disabled}
                        onDragStart={(e) => start(e, item)}
                        onClick={() => onAdd(item)}
                        title={pick(item.description, lang)}
                        data-palette-key={item.key}
                      >
                        <Icon name={item.icon} size={16} />
                        <span>{pick(item.label, lang)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </details>
        );
      })}
    </nav>
  );
}
