/**
 * Pieces shared by the built-in drafts. Each uses only placeholders a `generate_document` of a preset always
 * has: `client.*`, `workspace.title`, `firm.name`, `today` and the `echeance` the preset passes (the due date
 * of the deadline step, an ISO 8601 date-time written in words through `| date` or `| datetime`). What only the
 * lawyer knows is marked « [à compléter : …] ».
 */

/** Joins blocks of lines into a template body. */
export const body = (...blocks: (string | readonly string[])[]): string => blocks.flat().join('\n');

/** The notice at the top of every draft: to be read and completed, and the deadline it must meet. */
export const draftNotice = (deadline: string): string[] => [
  '> PROJET — à relire, compléter et signer par l’avocat avant tout envoi ({{firm.name}}, le {{today}}).',
  `> ${deadline}`,
  '> Remplir ou supprimer chaque « [à compléter : …] » ; vérifier références, adresses et délais.',
  '',
];

/** The applicant and counsel of a court request. */
export const applicant = (role = 'POUR'): string[] => [
  `# ${role}`,
  '',
  '{{client.firstName}} {{client.lastName | upper}}, [à compléter : né(e) le …, à …], de nationalité [à compléter], demeurant [à compléter : adresse ou domiciliation].',
  '',
  'Ayant pour avocat : {{firm.name}}, [à compléter : Me …, avocat au barreau de …, adresse, téléphone, courriel], au cabinet duquel il est fait élection de domicile.',
  '',
];

/** The usual closing requests of an administrative court request (costs, legal aid). */
export const costsRequest =
  '- mettre à la charge de l’État la somme de [à compléter] euros au titre des articles L. 761-1 du code de justice administrative et 37 alinéa 2 de la loi n° 91-647 du 10 juillet 1991, l’avocat renonçant dans ce cas à percevoir la part contributive de l’État.';

/** The legal-aid paragraph of a court request. */
export const legalAidRequest = (extra = ''): string[] => [
  '# SUR L’AIDE JURIDICTIONNELLE',
  '',
  `Le requérant sollicite le bénéfice de l’aide juridictionnelle provisoire (article 20 de la loi n° 91-647 du 10 juillet 1991) ; sa demande d’aide juridictionnelle est jointe ou en cours : [à compléter].${extra}`,
  '',
];

/** The signature block. */
export const signature = (forWhom = '{{client.firstName}} {{client.lastName | upper}}'): string[] => [
  'Sous toutes réserves.',
  '',
  '> Fait à [à compléter], le {{today}}',
  `> Pour ${forWhom},`,
  '> {{firm.name}}',
  '> [à compléter : nom et signature de l’avocat]',
  '',
];

/** The numbered list of exhibits; `items` come after the decision attacked and its notification. */
export const exhibits = (items: readonly string[]): string[] => [
  '# BORDEREAU DES PIÈCES',
  '',
  [
    '1. La décision attaquée : [à compléter : date et objet]',
    '2. La preuve de la date de notification (pli, avis de passage, procès-verbal de notification)',
    ...items.map((item, i) => `${i + 3}. ${item}`),
    `${items.length + 3}. [à compléter : autres pièces]`,
  ].join('\n'),
];

/** The tribunal administratif of Nantes (naturalisation and visa refusals: article R. 312-18 CJA). */
export const TA_NANTES = [
  'du tribunal administratif de Nantes',
  '6, allée de l’Île-Gloriette',
  '44041 Nantes Cedex 01',
];

/** The heading of a request for annulment before a tribunal administratif (`court`: its lines after « À »). */
export const annulmentHeading = (
  court: readonly string[] = ['du tribunal administratif de [à compléter]'],
): string[] => [
  '> À Mesdames et Messieurs les président et conseillers',
  ...court.map((line) => `> ${line}`),
  '',
  '# REQUÊTE EN ANNULATION',
  '',
];

/** The letter heading of a firm writing to an authority. */
export const letterHead = (addressee: readonly string[]): string[] => [
  '> {{firm.name}}',
  '> [à compléter : adresse, téléphone, courriel]',
  '',
  ...addressee.map((line) => `> ${line}`),
  '',
  '> Le {{today}}',
  '> Lettre recommandée avec demande d’avis de réception',
  '',
];
