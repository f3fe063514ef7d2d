import { openCase } from './case-helpers.ts';
import { expect, signIn, test, unique } from './fixtures.ts';

test('an event opens a case: the dossiers list and the dossier show its deadline, checklist and document', async ({
  page,
}) => {
  await signIn(page.request);
  const lastName = unique('Diallo').replace(/\s/g, '-');
  const workspaceId = await openCase(page.request, lastName);
  const ws = await (await page.request.get(`/api/workspaces/${workspaceId}`)).json();
  expect(ws.deadlines).toHaveLength(1);
  expect(ws.checklist.length).toBeGreaterThan(0);

  await page.goto('/workflows');
  await page.getByTestId('nav-cases').click();
  await expect(page.getByRole('heading', { name: 'Dossiers', exact: true })).toBeVisible();
  await page.getByTestId('case-search').fill(lastName);
  const row = page.getByTestId(`case-row-${workspaceId}`);
  await expect(row).toContainText(`Aminata ${lastName.toUpperCase()}`);
  await expect(row).toContainText('OQTF');
  await expect(row).toContainText(/Élevée|Critique|Moyenne|Faible/);
  // The next deadline in French words and the days left.
  const due = new Date(ws.deadlines[0].alertAt ?? ws.deadlines[0].dueAt);
  const dueWords = due.toLocaleDateString('fr-FR', {
    timeZone: 'Europe/Paris',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  await expect(row).toContainText(dueWords);
  await expect(row).toContainText(/dans \d+ jour\(s\)/);
  // Filters: another procedure hides it.
  await page.getByTestId('case-procedure').selectOption('VISA');
  await expect(row).toHaveCount(0);
  await page.getByTestId('case-procedure').selectOption('OQTF');
  await expect(row).toBeVisible();

  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/dossiers/${workspaceId}$`));
  await expect(page.getByRole('heading', { level: 2 })).toContainText(`Aminata ${lastName.toUpperCase()}`);
  const deadlines = page.getByTestId('case-deadlines');
  await expect(deadlines).toContainText('Recours contre l’OQTF (TA, 1 mois)');
  const dueAtWords = new Date(ws.deadlines[0].dueAt).toLocaleDateString('fr-FR', {
    timeZone: 'Europe/Paris',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  await expect(deadlines).toContainText(`À faire avant le ${dueAtWords} à 23:59`);
  await expect(deadlines).toContainText(/dans \d+ jour\(s\)/);
  await expect(deadlines).toContainText('Règle appliquée : OQTF-ORDINAIRE');
  await expect(deadlines).toContainText('Fondement : CESEDA');
  const checklist = page.getByTestId('case-checklist');
  await expect(checklist).toContainText(`0 pièce(s) reçue(s) sur ${ws.checklist.length}`);
  await expect(checklist.locator('li.missing')).toHaveCount(ws.checklist.length);
  await expect(checklist).toContainText(ws.checklist[0].label);
  await expect(page.getByTestId('case-timeline')).toContainText('Délai : Recours contre l’OQTF');
  // The acknowledgement the workflow generated, downloadable as the PDF it is.
  expect(ws.documents).toHaveLength(1);
  const link = page
    .getByTestId('case-documents')
    .getByRole('link', { name: `Télécharger ${ws.documents[0].filename}` });
  await expect(link).toBeVisible();
  const download = await page.request.get((await link.getAttribute('href')) as string);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // The dashboard shows the deadline among the next 30 days, in its chart's figures and in the nearest ones.
  await page.getByTestId('nav-dashboard').click();
  const card = page.getByTestId('dashboard-deadlines');
  await expect(card.getByTestId('nearest-deadlines')).toBeVisible();
  const dayLabel = due.toLocaleDateString('fr-FR', { day: '2-digit', month: '2-digit', timeZone: 'Europe/Paris' });
  const chartRow = card.locator('table tr', { has: page.locator('th', { hasText: dayLabel }) });
  const counts = await chartRow.locator('td').allTextContents();
  expect(counts.reduce((sum, c) => sum + Number(c), 0)).toBeGreaterThan(0);
  const listed = card.getByTestId('nearest-deadlines').locator('li', { hasText: ws.title });
  if ((await listed.count()) === 0) {
    // Other tests' nearer deadlines may fill the list: the case is then reached through the dossiers list.
    const open = await (await page.request.get(`/api/deadlines?before=2100-01-01&limit=8`)).json();
    expect(open.items.some((d: { workspaceId: string }) => d.workspaceId === workspaceId)).toBe(false);
  } else {
    await expect(listed.first()).toContainText('Recours contre l’OQTF (TA, 1 mois)');
  }
});
