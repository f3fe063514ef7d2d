import { disable, postEvent, publish } from './api-helpers.ts';
import { createWorkflow, expect, signIn, test, unique } from './fixtures.ts';

/*
 *   courrier (email:classified) ──► dossier (create_workspace for a client id that is not one) ──► fin
 */
const refused = {
  schemaVersion: 1,
  nodes: [
    { id: 'courrier', kind: 'trigger', event: 'email:classified' },
    {
      id: 'dossier',
      kind: 'action',
      action: 'create_workspace',
      label: 'Ouvrir le dossier',
      params: { procedureType: 'OQTF', clientId: 'cl-benali-karim' },
    },
    { id: 'fin', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'courrier', target: 'dossier' },
    { id: 'e2', source: 'dossier', target: 'fin' },
  ],
};

test('a failed run says why in the page’s language; the code and the parameter are behind « Détails »', async ({
  page,
}) => {
  await signIn(page.request);
  const id = await createWorkflow(page.request, unique('Refus'), refused);
  await publish(page.request, id);
  const runId = await postEvent(page.request, id);
  await expect(async () => {
    const run = await (await page.request.get(`/api/runs/${runId}`)).json();
    expect(run.status).toBe('failed');
  }).toPass();
  await disable(page.request, id);

  await page.goto(`/runs/${runId}`);
  const error = page.getByTestId('run-detail').getByTestId('error-words').first();
  await expect(error.locator('.error-text')).toHaveText("« cl-benali-karim » n'est pas un identifiant de ce cabinet.");
  // Nothing technical and no English until asked: the detail is folded.
  await expect(error.locator('dd', { hasText: '/clientId' })).toBeHidden();
  await expect(error).not.toContainText('is not an id');
  await error.getByText('Détails').click();
  await expect(error.locator('dd', { hasText: 'entity.invalid-id' })).toBeVisible();
  await expect(error.locator('dd', { hasText: '/clientId' })).toBeVisible();

  await page.getByTestId('switch-language').click();
  await expect(error.locator('.error-text')).toHaveText('"cl-benali-karim" is not an id of this firm.');
  await page.getByTestId('switch-language').click();
});

test('an unknown address shows « Page introuvable » with the section it meant', async ({ page }) => {
  await signIn(page.request);
  await page.goto('/inbox');
  await expect(page.getByRole('heading', { name: 'Page introuvable' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Workflows', exact: true })).toHaveCount(0);
  await page.getByTestId('not-found-meant').getByRole('link').click();
  await expect(page).toHaveURL(/\/validations$/);
});
