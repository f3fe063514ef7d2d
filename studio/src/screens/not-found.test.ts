import { describe, expect, it } from 'vitest';
import { parseRoute } from '../router.ts';
import { meantPath } from './not-found.ts';

describe('unknown addresses', () => {
  it('are not-found routes, not the workflows list', () => {
    expect(parseRoute('/inbox').name).toBe('not-found');
    expect(parseRoute('/cases').name).toBe('not-found');
    expect(parseRoute('/workflows/not-an-id').name).toBe('not-found');
  });

  it('suggest the section they most likely meant', () => {
    expect(meantPath('/inbox')).toBe('/validations');
    expect(meantPath('/cases/12')).toBe('/dossiers');
    expect(meantPath('/Paramètres')).toBe('/settings');
    expect(meantPath('/workflows/not-an-id')).toBe('/workflows');
    expect(meantPath('/nothing-like-it')).toBeUndefined();
    expect(meantPath('/constructor')).toBeUndefined();
  });
});
