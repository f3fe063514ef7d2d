/** Workflow documents the tests start from. */

/*
 *   mail ──► notify ──► end
 */
export const notifyWorkflow = {
  schemaVersion: 1,
  nodes: [
    { id: 'mail', kind: 'trigger', event: 'email:received', label: 'Courrier reçu', position: { x: 0, y: 0 } },
    {
      id: 'notify',
      kind: 'action',
      action: 'send_notification',
      label: 'Prévenir',
      params: { role: 'lawyers', title: 'Nouveau courrier', message: 'Objet : {{payload.subject}}' },
      position: { x: 0, y: 170 },
    },
    { id: 'end', kind: 'end', label: 'Terminé', position: { x: 0, y: 340 } },
  ],
  edges: [
    { id: 'e1', source: 'mail', target: 'notify' },
    { id: 'e2', source: 'notify', target: 'end' },
  ],
};
