import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from './router.ts';

describe('routes', () => {
  it('reads the list and the editor of a workflow id', () => {
    expect(parseRoute('/')).toEqual({ name: 'workflows' });
    expect(parseRoute('/workflows')).toEqual({ name: 'workflows' });
    expect(parseRoute('/workflows/0123456789abcdef01234567')).toEqual({
      name: 'editor',
      workflowId: '0123456789abcdef01234567',
    });
  });
  it('reads the runs, a run and the validation inbox', () => {
    expect(parseRoute('/runs')).toEqual({ name: 'runs' });
    expect(parseRoute('/runs/0123456789abcdef01234567')).toEqual({ name: 'run', runId: '0123456789abcdef01234567' });
    expect(parseRoute('/validations')).toEqual({ name: 'inbox' });
  });
  it('reads the preset gallery, a preset, the cases and a case', () => {
    expect(parseRoute('/presets')).toEqual({ name: 'presets' });
    expect(parseRoute('/presets/oqtf-libre')).toEqual({ name: 'preset', presetId: 'oqtf-libre' });
    expect(parseRoute('/dossiers')).toEqual({ name: 'cases' });
    expect(parseRoute('/dossiers/0123456789abcdef01234567')).toEqual({
      name: 'case',
      workspaceId: '0123456789abcdef01234567',
    });
  });
  it('refuses anything else', () => {
    expect(parseRoute('/presets/../etc')).toEqual({ name: 'not-found' });
    expect(parseRoute('/presets/OQTF')).toEqual({ name: 'not-found' });
    expect(parseRoute('/dossiers/42')).toEqual({ name: 'not-found' });
    expect(parseRoute('/workflows/not-an-id')).toEqual({ name: 'not-found' });
    expect(parseRoute('/admin')).toEqual({ name: 'not-found' });
  });
  it('writes the path back', () => {
    for (const path of [
      '/workflows',
      '/workflows/0123456789abcdef01234567',
      '/runs',
      '/runs/0123456789abcdef01234567',
      '/validations',
      '/presets',
      '/presets/oqtf-libre',
      '/dossiers',
      '/dossiers/0123456789abcdef01234567',
    ]) {
      const route = parseRoute(path);
      expect(parseRoute(routePath(route))).toEqual(route);
    }
  });
});
