import type { LiveChannel } from '../adapters/live-channel.ts';
import type { SmtpSettings } from '../adapters/mail/mail-transport.ts';
import type { SecretResolver } from '../adapters/secrets.ts';
import type { AiSettings } from '../ai/ai-service.ts';
import type { CesedaData } from '../cases/ceseda-data.ts';

/**
 * What the action handlers reach the outside world through, chosen by the installation's settings (the
 * firm's own choices are read from its WorkflowConfig at each execution). Everything is optional: without
 * SMTP, mail goes to the outbox; without a live channel, notifications are only stored; secrets default to
 * the `firm_secrets` collection.
 */
export interface ActionAdapters {
  /** The installation's SMTP server (`SMTP_*` settings). */
  smtp?: SmtpSettings;
  /** Where notifications are pushed live (the server's WebSocket hub subscribes to it). */
  live?: LiveChannel;
  /** Firm secrets by name (webhook signing keys, Twilio tokens). */
  secrets?: SecretResolver;
  /** Base URL of Twilio's REST API (default https://api.twilio.com). */
  twilioApiBase?: string;
  http?: { maxResponseBytes?: number };
  /** The installation's AI providers (`OLLAMA_HOST`, `OLLAMA_MODEL`); without Ollama the built-in one answers. */
  ai?: AiSettings;
  /**
   * CESEDA rules and checklists (`listRules()`, `loadChecklists()` of @iapm/presets): without them,
   * create_deadline and the checklist of create_workspace fail with `ceseda.unconfigured`.
   */
  ceseda?: CesedaData;
}
