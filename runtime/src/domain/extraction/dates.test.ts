import { describe, expect, it } from 'vitest';
import { formatIsoDate } from '../../core/calendar/civil-date.ts';
import { classifyDates, findDates, pickDates } from './dates.ts';
import { prepareText } from './text.ts';

const THURSDAY = { year: 2026, month: 11, day: 5 };
const dates = (text: string, reference = THURSDAY) =>
  findDates(prepareText(text), reference).map((d) => [formatIsoDate(d.date), d.kind]);

describe('findDates', () => {
  it.each([
    ['le 3 novembre 2026', '2026-11-03', 'absolute'],
    ['le 1er octobre 2026', '2026-10-01', 'absolute'],
    ['lun. 2 nov. 2026', '2026-11-02', 'absolute'],
    ['le 03/11/2026.', '2026-11-03', 'absolute'],
    ['le 3/11/26', '2026-11-03', 'absolute'],
    ['le 28.10.2026', '2026-10-28', 'absolute'],
    ['le 2026-11-03', '2026-11-03', 'absolute'],
    ['le 3/11', '2026-11-03', 'partial'],
    ['le 2 novembre', '2026-11-02', 'partial'],
    ['le 20 décembre', '2026-12-20', 'partial'],
    ['le 20 janvier', '2026-01-20', 'partial'],
    ['hier', '2026-11-04', 'relative'],
    ['avant-hier', '2026-11-03', 'relative'],
    ["aujourd'hui", '2026-11-05', 'relative'],
    ['notifié ce jour', '2026-11-05', 'relative'],
    ['lundi dernier', '2026-11-02', 'relative'],
    ['jeudi dernier', '2026-10-29', 'relative'],
    ['il y a 3 jours', '2026-11-02', 'relative'],
    ['il y a dix jours', '2026-10-26', 'relative'],
  ])('%s → %s (%s)', (text, iso, kind) => {
    expect(dates(text)).toEqual([[iso, kind]]);
  });

  it('ignores impossible dates, phone numbers and amounts', () => {
    expect(dates('le 31/02/2026, au 01.45.67.89.10, pour 1 200,00 €, code 4471-2289')).toEqual([]);
  });

  it('needs the received date for partial and relative dates', () => {
    expect(findDates(prepareText('hier, le 3/11, et le 4 novembre 2026'))).toHaveLength(1);
  });
});

describe('roles and choice', () => {
  const pick = (text: string) => {
    const prepared = prepareText(text);
    return pickDates(prepared, classifyDates(prepared, findDates(prepared, THURSDAY)), THURSDAY);
  };

  it('tells the decision date from the notification date', () => {
    expect(pick("L'arrêté du 28 octobre 2026 m'a été notifié le 3 novembre 2026.")).toMatchObject({
      decision: { date: '2026-10-28' },
      notification: { date: '2026-11-03', how: 'notified' },
    });
  });

  it('reads a cue after a relative date in the same sentence', () => {
    expect(pick('Hier, à la préfecture, on m’a remis une OQTF.').notification).toMatchObject({
      date: '2026-11-04',
      how: 'handed',
    });
  });

  it('a collected registered letter: the withdrawal; an unclaimed one: the first presentation', () => {
    const presented = 'La lettre recommandée a été présentée le 28 octobre 2026.';
    expect(pick(`${presented} Le pli a été retiré le 4 novembre 2026.`).notification?.date).toBe('2026-11-04');
    expect(pick(`${presented} Elle est revenue avec la mention « pli avisé et non réclamé ».`).notification?.date).toBe(
      '2026-10-28',
    );
  });

  it('ignores appointments, filings, payments and dates after the message', () => {
    expect(
      pick(
        "Convoqué le 18 novembre 2026. Dossier déposé le 3 juin 2026. À régler avant le 30 novembre 2026. J'ai reçu la décision le 10 novembre 2026.",
      ),
    ).toEqual({});
  });
});
