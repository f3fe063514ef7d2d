import type { EventPayloads } from '@iapm/schemas';
import { describe, expect, it } from 'vitest';
import { applyDocumentEvent, type ChecklistEvent, checklistProgress, selectChecklist } from './checklists.ts';
import { DomainError } from './errors.ts';
import { CHECKLISTS } from './test-data.ts';

const WS = '6650a1f2c3d4e5f601a00001';
const SHA = 'a'.repeat(64);

function uploaded(documentId: string, filename: string, documentType?: string, workspaceId = WS): ChecklistEvent {
  const payload: EventPayloads['document:uploaded'] = {
    documentId,
    workspaceId,
    filename,
    contentType: 'application/pdf',
    size: 1200,
    sha256: SHA,
    version: 1,
    uploadedBy: 'client',
    uploadedAt: '2026-03-04T10:00:00+01:00',
    ...(documentType ? { documentType } : {}),
  };
  return { type: 'document:uploaded', payload, occurredAt: '2026-03-04T10:00:00+01:00' };
}

function verified(
  documentId: string,
  status: 'valid' | 'invalid',
  extra: Partial<EventPayloads['document:verified']> = {},
): ChecklistEvent {
  return { type: 'document:verified', payload: { documentId, workspaceId: WS, status, ...extra } };
}

describe('selectChecklist', () => {
  it('has a list for every procedure type that has a rule', () => {
    for (const type of [
      'OQTF',
      'REFUS_TITRE',
      'RETRAIT_TITRE',
      'ASILE',
      'DUBLIN',
      'REGROUPEMENT_FAMILIAL',
      'NATURALISATION',
      'VISA',
      'EXPULSION',
    ]) {
      expect(CHECKLISTS.procedures[type]?.items.length, type).toBeGreaterThan(0);
    }
  });

  it('starts with the common items then the procedure ones, all missing', () => {
    const list = selectChecklist(CHECKLISTS, 'ASILE', 'libre', WS);
    expect(list.items.slice(0, 3).map((i) => i.key)).toEqual(['decision', 'preuve_notification', 'passeport']);
    expect(list.items.map((i) => i.key)).toContain('decision_ofpra');
    expect(list.items.every((i) => i.status === 'missing' && i.documentIds.length === 0)).toBe(true);
    expect(list.items.find((i) => i.key === 'inventaire_pieces')?.legalRef).toBe('R. 532-7 CESEDA');
  });

  it('keeps situation-specific items only for that situation', () => {
    const free = selectChecklist(CHECKLISTS, 'OQTF', 'libre').items.map((i) => i.key);
    const retained = selectChecklist(CHECKLISTS, 'OQTF', 'retention').items.map((i) => i.key);
    expect(free).not.toContain('decision_assignation_retention');
    expect(retained).toEqual(expect.arrayContaining(['decision_assignation_retention', 'demande_avocat_interprete']));
    expect(selectChecklist(CHECKLISTS, 'OQTF').items.map((i) => i.key)).not.toContain('demande_avocat_interprete');
  });

  it('gives the common items only for a procedure without its own list', () => {
    expect(selectChecklist(CHECKLISTS, 'AUTRE').items).toHaveLength(
      CHECKLISTS.common.filter((item) => !item.situations).length,
    );
  });
});

describe('applyDocumentEvent', () => {
  it('ticks the item named by documentType, then verifies it', () => {
    let list = selectChecklist(CHECKLISTS, 'OQTF', 'libre', WS);
    const up = applyDocumentEvent(CHECKLISTS, list, uploaded('d1', 'scan.pdf', 'passeport'));
    expect([up.changed, up.itemKey]).toEqual([true, 'passeport']);
    list = up.checklist;
    expect(list.items.find((i) => i.key === 'passeport')).toMatchObject({
      status: 'uploaded',
      documentIds: ['d1'],
      matchedBy: 'documentType',
    });
    const ok = applyDocumentEvent(CHECKLISTS, list, verified('d1', 'valid', { expiresOn: '2031-01-01' }));
    expect(ok.checklist.items.find((i) => i.key === 'passeport')).toMatchObject({
      status: 'verified',
      expiresOn: '2031-01-01',
    });
  });

  it('accepts an alias of the item', () => {
    const list = selectChecklist(CHECKLISTS, 'OQTF', 'libre', WS);
    const up = applyDocumentEvent(CHECKLISTS, list, uploaded('d2', 'x.pdf', 'avis_passage'));
    expect(up.itemKey).toBe('preuve_notification');
    expect(up.checklist.items.find((i) => i.key === 'preuve_notification')?.matchedBy).toBe('alias');
  });

  it('falls back on words of the file name, accents and case ignored', () => {
    const list = selectChecklist(CHECKLISTS, 'ASILE', 'libre', WS);
    expect(applyDocumentEvent(CHECKLISTS, list, uploaded('d3', 'Décision_OFPRA_mars.PDF')).itemKey).toBe(
      'decision_ofpra',
    );
    expect(applyDocumentEvent(CHECKLISTS, list, uploaded('d4', 'PASSEPORT scan.jpg')).itemKey).toBe('passeport');
    expect(applyDocumentEvent(CHECKLISTS, list, uploaded('d5', 'IMG_2041.jpg')).changed).toBe(false);
  });

  it('marks a refused document with its reasons; a new upload clears them', () => {
    let list = selectChecklist(CHECKLISTS, 'OQTF', 'libre', WS);
    list = applyDocumentEvent(CHECKLISTS, list, uploaded('d1', 'a.pdf', 'justificatif_domicile')).checklist;
    list = applyDocumentEvent(CHECKLISTS, list, verified('d1', 'invalid', { issues: ['expired'] })).checklist;
    expect(list.items.find((i) => i.key === 'justificatif_domicile')).toMatchObject({
      status: 'rejected',
      issues: ['expired'],
    });
    expect(checklistProgress(list).rejected).toEqual(['justificatif_domicile']);
    list = applyDocumentEvent(CHECKLISTS, list, uploaded('d9', 'b.pdf', 'justificatif_domicile')).checklist;
    const item = list.items.find((i) => i.key === 'justificatif_domicile');
    expect([item?.status, item?.issues, item?.documentIds]).toEqual(['uploaded', undefined, ['d1', 'd9']]);
  });

  it('ignores events of another workspace and does not mutate its input', () => {
    const list = selectChecklist(CHECKLISTS, 'OQTF', 'libre', WS);
    const frozen = JSON.stringify(list);
    expect(applyDocumentEvent(CHECKLISTS, list, uploaded('d1', 'p.pdf', 'passeport', 'other-workspace')).changed).toBe(
      false,
    );
    applyDocumentEvent(CHECKLISTS, list, uploaded('d1', 'p.pdf', 'passeport'));
    expect(JSON.stringify(list)).toBe(frozen);
  });

  it('refuses an event that is not a document event', () => {
    const list = selectChecklist(CHECKLISTS, 'OQTF', 'libre', WS);
    expect(() => applyDocumentEvent(CHECKLISTS, list, { type: 'email:received', payload: {} } as never)).toThrow(
      DomainError,
    );
  });
});

describe('checklistProgress', () => {
  it('is complete once every mandatory item is received, all verified once verified', () => {
    let list = selectChecklist(CHECKLISTS, 'VISA', undefined, WS);
    const mandatory = list.items.filter((i) => i.mandatory).map((i) => i.key);
    expect(checklistProgress(list)).toMatchObject({ received: 0, complete: false, missingMandatory: mandatory });
    mandatory.forEach((key, n) => {
      list = applyDocumentEvent(CHECKLISTS, list, uploaded(`d${n}`, 'f.pdf', key)).checklist;
    });
    expect(checklistProgress(list)).toMatchObject({ complete: true, allVerified: false, missingMandatory: [] });
    mandatory.forEach((_key, n) => {
      list = applyDocumentEvent(CHECKLISTS, list, verified(`d${n}`, 'valid')).checklist;
    });
    expect(checklistProgress(list)).toMatchObject({ complete: true, allVerified: true, verified: mandatory.length });
  });
});
