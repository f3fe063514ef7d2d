import { describe, expect, it } from 'vitest';
import { errorInWords } from './run-error.ts';

describe('errorInWords', () => {
  it('uses the recorded words and keeps the code and pointer apart', () => {
    const shown = errorInWords({
      code: 'entity.invalid-id',
      pointer: '/clientId',
      message: '/clientId « cl-1 » n’est pas un identifiant. / "cl-1" is not an id.',
      text: { fr: '« cl-1 » n’est pas un identifiant.', en: '"cl-1" is not an id.' },
    });
    expect(shown).toEqual({
      text: { fr: '« cl-1 » n’est pas un identifiant.', en: '"cl-1" is not an id.' },
      code: 'entity.invalid-id',
      pointer: '/clientId',
    });
  });

  it('reads the words of an older `pointer fr / en` message', () => {
    expect(
      errorInWords({ code: 'c', message: '/clientId « x » n\'est pas un identifiant. / "x" is not an id.' }),
    ).toEqual({
      text: { fr: "« x » n'est pas un identifiant.", en: '"x" is not an id.' },
      pointer: '/clientId',
      code: 'c',
    });
    expect(errorInWords({ message: 'Envoi impossible. / Sending failed.' }).text).toEqual({
      fr: 'Envoi impossible.',
      en: 'Sending failed.',
    });
    expect(errorInWords({ message: '/a Un. / One.; /b Deux. / Two.' })).toEqual({
      text: { fr: 'Un. ; Deux.', en: 'One.; Two.' },
    });
  });

  it('shows a message of another form as it is, in both languages', () => {
    expect(errorInWords({ code: 'action.error', message: 'socket hang up' })).toEqual({
      text: { fr: 'socket hang up', en: 'socket hang up' },
      code: 'action.error',
      message: 'socket hang up',
    });
    expect(errorInWords({ code: 'run.cancelled' }).text.fr).toBe('run.cancelled');
  });
});
