import { describe, expect, it } from 'vitest';
import { insertPlaceholder, openPlaceholder } from './template-input.tsx';

describe('variable autocompletion', () => {
  it('opens after {{ and follows what is typed', () => {
    expect(openPlaceholder('Objet : {{', 10)).toEqual({ start: 8, query: '' });
    expect(openPlaceholder('Objet : {{payload.su', 20)).toEqual({ start: 8, query: 'payload.su' });
    expect(openPlaceholder('Objet : {{payload.subject}} ', 28)).toBeUndefined();
    expect(openPlaceholder('no braces', 9)).toBeUndefined();
  });

  it('inserts the chosen path and closes the braces once', () => {
    expect(insertPlaceholder('Objet : {{pay', 8, 13, 'payload.subject')).toEqual({
      text: 'Objet : {{payload.subject}}',
      caret: 27,
    });
    expect(insertPlaceholder('A {{pay}} B', 2, 7, 'payload.x')).toEqual({ text: 'A {{payload.x}} B', caret: 15 });
  });
});
