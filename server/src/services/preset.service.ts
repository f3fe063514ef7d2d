import { PRESETS_DIR, type Preset, presetIds, readPreset, summarize } from '@iapm/presets';
import type { PresetInstallBody, WorkflowDocument } from '@iapm/schemas';
import type { TenantRepository } from '../db/tenant-repository.ts';
import type { Principal } from '../http/auth.ts';
import { notFound } from '../http/problem.ts';
import type { WorkflowService } from './workflow.service.ts';

/**
 * The preset gallery: the presets shipped with `@iapm/presets` (read from their folder once, on first use), and
 * their installation as a draft workflow of the caller's firm. Presets are platform data, the same for every firm;
 * only the installed draft belongs to a firm, and it is written through the firm's repository.
 */
export class PresetService {
  private cache?: Map<string, Preset>;

  constructor(
    private readonly workflows: WorkflowService,
    private readonly dir: string = PRESETS_DIR,
  ) {}

  private presets(): Map<string, Preset> {
    this.cache ??= new Map(presetIds(this.dir).map((id) => [id, readPreset(id, this.dir)]));
    return this.cache;
  }

  private preset(id: string): Preset {
    const found = this.presets().get(id);
    if (!found) throw notFound();
    return found;
  }

  /** The gallery: every preset's card, trigger, size, gates, samples and scenario titles. */
  list() {
    return [...this.presets().values()].map(summarize);
  }

  /** One preset with its workflow document, sample events and scenarios (for the preview and the test panel). */
  get(id: string) {
    const preset = this.preset(id);
    return {
      ...summarize(preset),
      workflow: preset.workflow,
      samples: preset.samples,
      scenarios: preset.scenarios,
    };
  }

  /**
   * Installs a preset into the caller's firm: a new draft workflow (never published nor enabled) holding the
   * preset's document, named as asked or after the preset, that remembers which preset it came from.
   */
  async install(repo: TenantRepository, id: string, body: PresetInstallBody, actor: Principal) {
    const preset = this.preset(id);
    const document = {
      ...structuredClone(preset.workflow),
      ...(body.name ? { name: body.name } : {}),
    } as WorkflowDocument;
    return this.workflows.import(repo, document, actor, { presetId: preset.id });
  }
}
