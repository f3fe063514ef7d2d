import type { DocumentTemplate } from '../templates.ts';
import { ASILE_TEMPLATES } from './asile.ts';
import { FIRM_TEMPLATES } from './firm.ts';
import { NATURALISATION_TEMPLATES } from './naturalisation.ts';
import { OQTF_TEMPLATES } from './oqtf.ts';
import { SEJOUR_TEMPLATES } from './sejour.ts';
import { VISA_TEMPLATES } from './visa.ts';

/**
 * Templates every firm has until it stores its own under the same id: the firm's letters and, for each CESEDA
 * procedure of the presets, the draft its `generate_document` names. They are starting points a lawyer reviews
 * and completes (« [à compléter : …] »), written with placeholders a preset's step always has: `client.*`,
 * `workspace.title`, `firm.name`, `today` and the `echeance` it passes (`{{echeance | date}}`).
 */
export const BUILTIN_TEMPLATES: readonly DocumentTemplate[] = [
  ...FIRM_TEMPLATES,
  ...OQTF_TEMPLATES,
  ...ASILE_TEMPLATES,
  ...SEJOUR_TEMPLATES,
  ...NATURALISATION_TEMPLATES,
  ...VISA_TEMPLATES,
];

/** The ids of the built-in templates (what a preset may name without the firm storing a template). */
export const BUILTIN_TEMPLATE_IDS: readonly string[] = BUILTIN_TEMPLATES.map((t) => t.id);
