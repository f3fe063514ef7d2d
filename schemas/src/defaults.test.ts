import { describe, expect, it } from 'vitest';
import { configWithDefaults } from './defaults.ts';
import { SCHEMA_IDS } from './registry.ts';
import { validateWith } from './validate.ts';

describe('configWithDefaults', () => {
  it('turns {} into a complete, valid configuration with the documented defaults', () => {
    const config = configWithDefaults({});
    expect(validateWith(SCHEMA_IDS.workflowConfig, config).ok).toBe(true);
    expect(config.notifications?.quietHours).toEqual({ enabled: true, start: '22:00', end: '08:00' });
    expect(config.notifications?.priority?.critical?.channels).toEqual(['web', 'email', 'sms']);
    expect(config.autonomy?.orangeAutoApprove).toEqual({ enabled: false, minConfidence: 0.95 });
    expect(config.routing?.loadBalancing).toBe('round-robin');
    expect(config.security?.dataRetentionDays).toBe(1825);
  });

  it('keeps what the firm set and completes the rest', () => {
    const config = configWithDefaults({ notifications: { quietHours: { start: '21:00' } }, ai: { model: 'mistral' } });
    expect(config.notifications?.quietHours).toEqual({ enabled: true, start: '21:00', end: '08:00' });
    expect(config.ai).toMatchObject({ model: 'mistral', provider: 'ollama', confidenceThreshold: 0.85 });
  });

  it('does not share default objects between calls', () => {
    const a = configWithDefaults({});
    a.integrations?.httpAllowlist?.push('127.0.0.1');
    expect(configWithDefaults({}).integrations?.httpAllowlist).toEqual([]);
  });
});
