/** Small line icons of the canvas and the palette (24×24, drawn with the current colour). */

const PATHS = {
  bolt: 'M13 2 4 14h7l-1 8 9-12h-7z',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 4v5l3 2',
  diamond: 'M12 3 21 12 12 21 3 12z',
  switch: 'M4 12h5m0 0 4-6h7m-11 6 4 6h7m-7-6h7',
  parallel: 'M4 12h4m0 0V6h12M8 12v6h12M8 12h12',
  join: 'M4 6h8v6m-8 6h8v-6m0 0h8',
  loop: 'M4 12a8 8 0 0 1 14-5l2 2m0-5v5h-5M20 12a8 8 0 0 1-14 5l-2-2m0 5v-5h5',
  subflow: 'M4 5h10v6H4zM10 13h10v6H10zM9 11v2h6',
  flag: 'M5 21V4m0 0h11l-2 4 2 4H5',
  mail: 'M3 6h18v12H3zm0 0 9 7 9-7',
  folder: 'M3 7h7l2 2h9v10H3z',
  pencil: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
  document: 'M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6',
  shield: 'M12 3 5 6v6c0 4 3 7 7 9 4-2 7-5 7-9V6zm-3 9 2 2 4-4',
  plug: 'M9 3v5m6-5v5M7 8h10v3a5 5 0 0 1-10 0zm5 8v5',
  gear: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm0-5v3m0 12v3M3 12h3m12 0h3M5.6 5.6l2.1 2.1m8.6 8.6 2.1 2.1M5.6 18.4l2.1-2.1m8.6-8.6 2.1-2.1',
  note: 'M5 4h14v11l-5 5H5zm9 16v-5h5',
  warning: 'M12 3 2 20h20zm0 6v5m0 3v.5',
  action: 'M5 5h14v14H5zm4 4 6 3-6 3z',
} as const;

export type IconName = keyof typeof PATHS;

/** An icon by name; decorative unless `label` is given. */
export function Icon({ name, label, size = 18 }: { name: IconName; label?: string; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

/** The icon of an action category of the catalog. */
export function categoryIcon(category: string): IconName {
  switch (category) {
    case 'communication':
      return 'mail';
    case 'entities':
      return 'folder';
    case 'updates':
      return 'pencil';
    case 'documents-ai':
      return 'document';
    case 'validation':
      return 'shield';
    case 'integrations':
      return 'plug';
    case 'system':
      return 'gear';
    default:
      return 'action';
  }
}
