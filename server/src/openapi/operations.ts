import type { ApiTypes } from '@iapm/schemas';

/** Who may call an operation (`public`: anyone; `key`: an API key only). */
export type Audience = 'public' | 'key' | 'ADMIN' | 'SYSTEM' | 'CLIENT' | 'SUPER_ADMIN' | 'PERSON';

/** A request body: an API schema by name, or one of the bodies described by other schema files. */
export type BodySpec =
  | keyof ApiTypes
  | { kind: 'workflow-config' }
  | { kind: 'event' }
  | { kind: 'event-batch' }
  | { kind: 'rfc822' }
  | { kind: 'upload' };

/** One route of the API as the OpenAPI document describes it. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path (`/api/workflows/:id`). */
  path: string;
  tag: string;
  summary: { fr: string; en: string };
  audience: Audience[];
  body?: BodySpec;
  query?: keyof ApiTypes;
  /** Status of a success (default 200). */
  status?: 200 | 201 | 202 | 204;
  /** What a success answers when it is not JSON. */
  produces?: 'text/plain' | 'text/html' | 'application/octet-stream';
}

const member: Audience[] = ['ADMIN', 'SYSTEM'];
const admin: Audience[] = ['ADMIN'];
const operator: Audience[] = ['SUPER_ADMIN'];
const op = (
  method: Operation['method'],
  path: string,
  tag: string,
  fr: string,
  en: string,
  audience: Audience[],
  extra: Partial<Operation> = {},
): Operation => ({ method, path, tag, summary: { fr, en }, audience, ...extra });

/**
 * Every route the server answers. The OpenAPI document is built from this list and the schemas; a test
 * checks that it names exactly the routes the app serves.
 */
export const OPERATIONS: Operation[] = [
  op('get', '/api/health', 'operations', 'État du processus et de la base', 'Process and database health', ['public']),
  op('get', '/api/ready', 'operations', 'Prêt à recevoir du trafic', 'Ready for traffic', ['public']),
  op('get', '/metrics', 'operations', 'Métriques Prometheus', 'Prometheus metrics', ['public'], {
    produces: 'text/plain',
  }),
  op('get', '/api/openapi.json', 'operations', 'Ce document OpenAPI', 'This OpenAPI document', ['public']),
  op('get', '/api/docs', 'operations', 'Référence de l’API (HTML)', 'API reference (HTML)', ['public'], {
    produces: 'text/html',
  }),
  op('get', '/api/catalog', 'catalog', 'Catalogue du studio', 'Studio catalog', ['public']),

  op('post', '/api/auth/login', 'auth', 'Se connecter', 'Sign in', ['public'], { body: 'LoginBody' }),
  op('post', '/api/auth/logout', 'auth', 'Se déconnecter', 'Sign out', ['public'], { status: 204 }),
  op('get', '/api/auth/me', 'auth', 'Qui suis-je', 'Who am I', ['PERSON', 'SYSTEM']),
  op('post', '/api/auth/totp/verify', 'auth', 'Saisir le code TOTP', 'Enter the TOTP code', ['PERSON'], {
    body: 'TotpCodeBody',
  }),
  op('post', '/api/auth/totp/setup', 'auth', 'Préparer la double authentification', 'Set up two-factor', ['PERSON']),
  op('post', '/api/auth/totp/enable', 'auth', 'Activer la double authentification', 'Enable two-factor', ['PERSON'], {
    body: 'TotpEnableBody',
  }),
  op(
    'post',
    '/api/auth/totp/disable',
    'auth',
    'Désactiver la double authentification',
    'Disable two-factor',
    ['PERSON'],
    {
      body: 'TotpCodeBody',
    },
  ),
  op('post', '/api/auth/password', 'auth', 'Changer de mot de passe', 'Change password', ['PERSON'], {
    body: 'PasswordChangeBody',
    status: 204,
  }),

  op('get', '/api/firm', 'firm', 'Le cabinet', 'The firm', admin),
  op('get', '/api/firm/config', 'firm', 'Réglages (WorkflowConfig)', 'Settings (WorkflowConfig)', admin),
  op('put', '/api/firm/config', 'firm', 'Modifier les réglages', 'Change the settings', admin, {
    body: { kind: 'workflow-config' },
  }),
  op('get', '/api/users', 'firm', 'Utilisateurs', 'Users', admin),
  op('post', '/api/users', 'firm', 'Créer un utilisateur', 'Create a user', admin, {
    body: 'UserCreateBody',
    status: 201,
  }),
  op('get', '/api/users/:id', 'firm', 'Un utilisateur', 'A user', admin),
  op('patch', '/api/users/:id', 'firm', 'Modifier un utilisateur', 'Update a user', admin, { body: 'UserUpdateBody' }),
  op('post', '/api/users/:id/reset-password', 'firm', 'Réinitialiser le mot de passe', 'Reset the password', admin),
  op(
    'post',
    '/api/users/:id/reset-two-factor',
    'firm',
    'Réinitialiser la double authentification',
    'Reset two-factor',
    admin,
  ),
  op('get', '/api/api-keys', 'firm', 'Clés d’API', 'API keys', admin),
  op('post', '/api/api-keys', 'firm', 'Créer une clé (affichée une fois)', 'Create a key (shown once)', admin, {
    body: 'ApiKeyCreateBody',
    status: 201,
  }),
  op('post', '/api/api-keys/:id/revoke', 'firm', 'Révoquer une clé', 'Revoke a key', admin),

  op('get', '/api/platform/tenants', 'platform', 'Cabinets', 'Firms', operator),
  op('post', '/api/platform/tenants', 'platform', 'Créer un cabinet', 'Create a firm', operator, {
    body: 'TenantCreateBody',
    status: 201,
  }),
  op('patch', '/api/platform/tenants/:id', 'platform', 'Modifier un cabinet', 'Update a firm', operator, {
    body: 'TenantUpdateBody',
  }),
  op('get', '/api/platform/plans', 'platform', 'Offres et limites', 'Plans and limits', operator),
  op('put', '/api/platform/plans/:name', 'platform', 'Modifier les limites d’une offre', 'Change a plan', operator, {
    body: 'PlanLimitsBody',
  }),
  op('get', '/api/platform/stats', 'platform', 'Chiffres de la plateforme', 'Platform figures', operator),

  op('get', '/api/workflows', 'workflows', 'Workflows', 'Workflows', member, { query: 'WorkflowListQuery' }),
  op('post', '/api/workflows', 'workflows', 'Créer un workflow', 'Create a workflow', member, {
    body: 'WorkflowCreateBody',
    status: 201,
  }),
  op('post', '/api/workflows/import', 'workflows', 'Importer un workflow', 'Import a workflow', member, {
    body: 'WorkflowImportBody',
    status: 201,
  }),
  op('get', '/api/workflows/:id', 'workflows', 'Un workflow', 'A workflow', member),
  op('put', '/api/workflows/:id/draft', 'workflows', 'Enregistrer le brouillon', 'Save the draft', member, {
    body: 'DraftSaveBody',
  }),
  op('post', '/api/workflows/:id/publish', 'workflows', 'Publier', 'Publish', member, {
    body: 'PublishBody',
    status: 201,
  }),
  op('get', '/api/workflows/:id/versions', 'workflows', 'Versions', 'Versions', member),
  op('get', '/api/workflows/:id/versions/:version', 'workflows', 'Une version', 'A version', member),
  op('get', '/api/workflows/:id/diff', 'workflows', 'Différences entre versions', 'Diff of versions', member, {
    query: 'DiffQuery',
  }),
  op('post', '/api/workflows/:id/rollback', 'workflows', 'Republier une ancienne version', 'Roll back', member, {
    body: 'RollbackBody',
    status: 201,
  }),
  op('post', '/api/workflows/:id/duplicate', 'workflows', 'Dupliquer', 'Duplicate', member, {
    body: 'DuplicateBody',
    status: 201,
  }),
  op('post', '/api/workflows/:id/archive', 'workflows', 'Archiver', 'Archive', member),
  op('post', '/api/workflows/:id/restore', 'workflows', 'Restaurer', 'Restore', member),
  op('post', '/api/workflows/:id/enable', 'workflows', 'Activer', 'Enable', member),
  op('post', '/api/workflows/:id/disable', 'workflows', 'Désactiver', 'Disable', member),
  op('get', '/api/workflows/:id/export', 'workflows', 'Exporter (JSON)', 'Export (JSON)', member, {
    query: 'ExportQuery',
  }),
  op(
    'post',
    '/api/workflows/:id/test-runs',
    'workflows',
    'Exécution de test (bac à sable)',
    'Test run (sandbox)',
    member,
    {
      body: 'TestRunBody',
    },
  ),
  op('get', '/api/workflows/:id/test-cases', 'workflows', 'Cas de test enregistrés', 'Saved test cases', member),
  op('post', '/api/workflows/:id/test-cases', 'workflows', 'Enregistrer un cas de test', 'Save a test case', member, {
    body: 'TestCaseBody',
    status: 201,
  }),
  op(
    'post',
    '/api/workflows/:id/test-cases/run',
    'workflows',
    'Rejouer les cas de test (bac à sable)',
    'Run the test cases (sandbox)',
    member,
    { body: 'TestCaseRunBody' },
  ),
  op(
    'put',
    '/api/workflows/:id/test-cases/:caseId',
    'workflows',
    'Remplacer un cas de test',
    'Replace a test case',
    member,
    { body: 'TestCaseBody' },
  ),
  op(
    'delete',
    '/api/workflows/:id/test-cases/:caseId',
    'workflows',
    'Supprimer un cas de test',
    'Delete a test case',
    member,
    {
      status: 204,
    },
  ),

  op('get', '/api/runs', 'runs', 'Exécutions', 'Runs', member, { query: 'RunListQuery' }),
  op('get', '/api/runs/stuck', 'runs', 'Exécutions bloquées', 'Stuck runs', member),
  op('get', '/api/runs/:id', 'runs', 'Détail d’une exécution', 'Run detail', member),
  op('post', '/api/runs/:id/cancel', 'runs', 'Annuler', 'Cancel', member, { status: 202 }),
  op('post', '/api/runs/:id/retry', 'runs', 'Reprendre à l’étape en échec', 'Retry from the failed step', member, {
    status: 202,
  }),
  op('get', '/api/validations', 'runs', 'Boîte de validation', 'Validation inbox', member, {
    query: 'ValidationListQuery',
  }),
  op('get', '/api/validations/:id', 'runs', 'Une demande de validation', 'A validation request', member),
  op('post', '/api/validations/:id/decision', 'runs', 'Décider', 'Decide', admin, { body: 'DecisionBody' }),

  op('get', '/api/presets', 'presets', 'Modèles prêts à l’emploi', 'Ready-made workflows', member),
  op(
    'get',
    '/api/presets/:id',
    'presets',
    'Un modèle (document, exemples, scénarios)',
    'A preset (document, samples, scenarios)',
    member,
  ),
  op(
    'post',
    '/api/presets/:id/install',
    'presets',
    'Installer un modèle en brouillon',
    'Install a preset as a draft',
    admin,
    {
      body: 'PresetInstallBody',
      status: 201,
    },
  ),

  op('post', '/api/v1/events', 'events', 'Envoyer un événement', 'Post an event', ['key'], {
    body: { kind: 'event' },
    status: 202,
  }),
  op('post', '/api/v1/events/batch', 'events', 'Envoyer des événements (1 à 100)', 'Post events (1 to 100)', ['key'], {
    body: { kind: 'event-batch' },
    status: 202,
  }),
  op('post', '/api/v1/inbound/email', 'events', 'E-mail entrant (RFC 822)', 'Inbound email (RFC 822)', ['key'], {
    body: { kind: 'rfc822' },
    query: 'InboundEmailQuery',
    status: 202,
  }),

  op('get', '/api/workspaces', 'cases', 'Dossiers', 'Workspaces', ['ADMIN', 'SYSTEM', 'CLIENT'], {
    query: 'WorkspaceListQuery',
  }),
  op(
    'get',
    '/api/workspaces/:id',
    'cases',
    'Un dossier : échéances, pièces, documents, alertes, historique',
    'A workspace: deadlines, checklist, documents, alerts, timeline',
    ['ADMIN', 'SYSTEM', 'CLIENT'],
  ),
  op(
    'get',
    '/api/documents/:id/content',
    'cases',
    'Télécharger un document (empreinte vérifiée)',
    'Download a document (digest checked)',
    ['ADMIN', 'SYSTEM', 'CLIENT'],
    { produces: 'application/octet-stream' },
  ),
  op(
    'get',
    '/api/deadlines',
    'cases',
    'Échéances dues avant une date',
    'Deadlines due before a date',
    ['ADMIN', 'SYSTEM', 'CLIENT'],
    {
      query: 'DeadlineListQuery',
    },
  ),
  op(
    'post',
    '/api/workspaces/:id/documents',
    'cases',
    'Ajouter un document au dossier (émet document:uploaded)',
    'Add a document to the case (emits document:uploaded)',
    ['ADMIN', 'CLIENT'],
    { body: { kind: 'upload' }, query: 'DocumentUploadQuery', status: 201 },
  ),
  op(
    'post',
    '/api/checklist-items/:id/check',
    'cases',
    'Pointer ou dépointer une pièce',
    'Tick or untick an item',
    admin,
    {
      body: 'ChecklistTickBody',
    },
  ),
  op('post', '/api/alerts/:id/acknowledge', 'cases', 'Prendre en compte une alerte', 'Acknowledge an alert', admin),
  op(
    'post',
    '/api/deadlines/:id/close',
    'cases',
    'Clore une échéance (recours déposé, sans objet)',
    'Close a deadline (appeal filed, no longer relevant)',
    admin,
    { body: 'DeadlineCloseBody' },
  ),
  op('get', '/api/notifications', 'cases', 'Mes notifications', 'My notifications', ['ADMIN', 'CLIENT'], {
    query: 'NotificationListQuery',
  }),
  op('post', '/api/notifications/read-all', 'cases', 'Tout marquer comme lu', 'Mark all read', ['ADMIN', 'CLIENT']),
  op('post', '/api/notifications/:id/read', 'cases', 'Marquer comme lue', 'Mark read', ['ADMIN', 'CLIENT']),
  op('get', '/api/outbox', 'cases', 'Boîte d’envoi (e-mails et SMS)', 'Outbox (mail and SMS)', admin, {
    query: 'OutboxListQuery',
  }),

  op('get', '/api/audit', 'audit', 'Journal d’audit', 'Audit log', ['ADMIN', 'SUPER_ADMIN'], {
    query: 'AuditListQuery',
  }),
  op('get', '/api/audit/verify', 'audit', 'Vérifier la chaîne du journal', 'Verify the log chain', [
    'ADMIN',
    'SUPER_ADMIN',
  ]),
];

/** Labels of the tags, in the order of the reference page. */
export const TAGS: { name: string; fr: string; en: string }[] = [
  { name: 'events', fr: 'API d’événements (clés d’API)', en: 'Event API (API keys)' },
  { name: 'workflows', fr: 'Workflows', en: 'Workflows' },
  { name: 'presets', fr: 'Modèles CESEDA prêts à l’emploi', en: 'Ready-made CESEDA workflows' },
  { name: 'runs', fr: 'Exécutions et validations', en: 'Runs and gates' },
  { name: 'cases', fr: 'Dossiers, échéances, notifications', en: 'Cases, deadlines, notifications' },
  { name: 'catalog', fr: 'Catalogue', en: 'Catalog' },
  { name: 'auth', fr: 'Connexion', en: 'Sign-in' },
  { name: 'firm', fr: 'Cabinet : utilisateurs, clés, réglages', en: 'Firm: users, keys, settings' },
  { name: 'audit', fr: 'Journal d’audit', en: 'Audit log' },
  { name: 'platform', fr: 'Plateforme (opérateur)', en: 'Platform (operator)' },
  { name: 'operations', fr: 'Exploitation', en: 'Operations' },
];
