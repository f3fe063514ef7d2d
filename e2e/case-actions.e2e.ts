import { openCase } from './case-helpers.ts';
import { expect, recordLiveFrames, signIn, test, unique } from './fixtures.ts';

/** A small but well-formed one-page PDF. */
function pdf(text: string): Buffer {
  const content = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

test('a lawyer acts on a dossier: ticks an item, acknowledges an alert, adds a PDF, marks the deadline met', async ({
  page,
}) => {
  await signIn(page.request);
  const lastName = unique('Keita').replace(/\s/g, '-');
  const workspaceId = await openCase(page.request, lastName, { alert: true });
  const ws = await (await page.request.get(`/api/workspaces/${workspaceId}`)).json();
  expect(ws.alerts).toHaveLength(1);
  const deadline = ws.deadlines[0];
  const [first, ...others] = ws.checklist as { id: string; key: string; label: string }[];
  // The document uploaded below is for the passport (or, if the list has none, the next item).
  const target = others.find((i) => i.key === 'passeport') ?? others[0];
  if (!first || !target) throw new Error('the OQTF checklist has fewer than two items');

  await page.goto(`/dossiers/${workspaceId}`);
  await expect(page.getByRole('heading', { level: 2 })).toContainText(`Aminata ${lastName.toUpperCase()}`);
  const checklist = page.getByTestId('case-checklist');
  const timeline = page.getByTestId('case-timeline');

  // 1. Tick the first item: received, and said so in the timeline.
  await checklist.getByRole('button', { name: `Marquer reçue : ${first.label}` }).click();
  await expect(page.getByTestId(`checklist-${first.key}`)).toHaveClass(/done/);
  await expect(page.getByTestId(`checklist-${first.key}`)).toContainText('Reçue');
  await expect(timeline).toContainText(`Pièce reçue : ${first.label}`);
  await expect(checklist).toContainText(`1 pièce(s) reçue(s) sur ${ws.checklist.length}`);

  // 2. Acknowledge the alert, from the keyboard: it leaves the alerts to handle and stays on the case.
  const alerts = page.getByTestId('case-alerts');
  const title = 'Délai de recours court : vérifier la notification';
  await expect(alerts.getByTestId('alerts-open')).toContainText(title);
  await alerts.getByRole('button', { name: `Prendre en compte : ${title}` }).focus();
  await page.keyboard.press('Enter');
  await expect(alerts.getByTestId('alerts-handled')).toContainText(title);
  await expect(alerts.getByTestId('alerts-open')).not.toContainText(title);
  await expect(alerts).toContainText('Aucune alerte à traiter.');
  await expect(timeline).toContainText(`Alerte prise en compte : ${title}`);

  // 3. Add a PDF for the target item: stored, listed, and the item it satisfies ticked by the runtime.
  const documents = page.getByTestId('case-documents');
  await documents.getByLabel(/^Fichier/).setInputFiles({
    name: `${target.key}-${lastName}.pdf`,
    mimeType: 'application/pdf',
    buffer: pdf(`Piece ${target.key}`),
  });
  await documents.getByLabel('Pièce concernée (facultatif)').selectOption(target.key);
  await documents.getByRole('button', { name: 'Envoyer' }).click();
  await expect(documents.getByRole('status')).toContainText(`« ${target.key}-${lastName}.pdf » ajouté au dossier.`);
  await expect(documents.getByRole('link', { name: `Télécharger ${target.key}-${lastName}.pdf` })).toBeVisible();
  await expect(page.getByTestId(`checklist-${target.key}`)).toHaveClass(/done/);
  await expect(checklist).toContainText(`2 pièce(s) reçue(s) sur ${ws.checklist.length}`);
  await expect(timeline).toContainText(`Document ajouté : ${target.key}-${lastName}.pdf`);

  // A file that is not what it says is refused in words.
  await documents.getByLabel(/^Fichier/).setInputFiles({
    name: 'faux.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<html>pas un PDF</html>'),
  });
  await documents.getByRole('button', { name: 'Envoyer' }).click();
  await expect(documents.getByRole('alert')).toContainText("Le contenu du fichier n'est pas un PDF comme annoncé.");

  // 4. The deadline met: the appeal filed today with its reference.
  const before = await (await page.request.get('/api/deadlines?before=2100-01-01&limit=500')).json();
  expect(before.items.map((d: { id: string }) => d.id)).toContain(deadline.id);
  await page.getByRole('button', { name: `Clore l’échéance : ${deadline.label}` }).click();
  const dialog = page.getByRole('dialog', { name: `Clore « ${deadline.label} »` });
  await expect(dialog.getByLabel('Recours déposé')).toBeChecked();
  await dialog.getByLabel('Référence (n° de requête, greffe) — facultatif').fill('TA Montreuil n° 2609876');
  await dialog.getByLabel('Référence (n° de requête, greffe) — facultatif').press('Enter');
  await expect(dialog).toHaveCount(0);
  const item = page.getByTestId(`deadline-${deadline.id}`);
  await expect(item).toContainText('Tenue');
  await expect(item).toContainText('Recours déposé le');
  await expect(item).toContainText('réf. TA Montreuil n° 2609876');
  await expect(item.getByRole('button', { name: /Clore/ })).toHaveCount(0);
  await expect(timeline).toContainText(`Recours déposé le`);
  const after = await (await page.request.get('/api/deadlines?before=2100-01-01&limit=500')).json();
  expect(after.items.map((d: { id: string }) => d.id)).not.toContain(deadline.id);

  // It leaves the dashboard's upcoming deadlines.
  await page.getByTestId('nav-dashboard').click();
  const card = page.getByTestId('dashboard-deadlines');
  await expect(card.getByRole('heading', { name: 'Échéances les plus proches' })).toBeVisible();
  await expect(card.locator(`a[href="/dossiers/${workspaceId}"]`)).toHaveCount(0);
});

test('a dossier open on another screen follows a colleague’s tick live', async ({ page, context }) => {
  await signIn(page.request);
  const lastName = unique('Sylla').replace(/\s/g, '-');
  const workspaceId = await openCase(page.request, lastName);
  const ws = await (await page.request.get(`/api/workspaces/${workspaceId}`)).json();
  const [first] = ws.checklist as { id: string; key: string; label: string }[];
  if (!first) throw new Error('the OQTF checklist is empty');
  // The colleague's screen (same firm, its own page and live connection), and the lawyer's.
  const other = await context.newPage();
  const frames = recordLiveFrames(other);
  await other.goto(`/dossiers/${workspaceId}`);
  await expect(other.getByTestId(`checklist-${first.key}`)).not.toHaveClass(/done/);
  await expect.poll(() => frames.opened()).toBeGreaterThan(0);
  await page.goto(`/dossiers/${workspaceId}`);
  await page
    .getByTestId('case-checklist')
    .getByRole('button', { name: `Marquer reçue : ${first.label}` })
    .click();
  await expect(page.getByTestId(`checklist-${first.key}`)).toHaveClass(/done/);
  // Pushed, not polled: the other page has no timer, and its socket is up.
  await expect(other.getByTestId(`checklist-${first.key}`)).toHaveClass(/done/, { timeout: 5_000 });
  await expect(other.getByTestId('case-timeline')).toContainText(`Pièce reçue : ${first.label}`);
  await other.close();
});
