import type { DocumentTemplate } from '../templates.ts';
import { applicant, body, costsRequest, draftNotice, exhibits, legalAidRequest, signature } from './parts.ts';

/**
 * Requests to the tribunal administratif against an OQTF, one per procedure of the CESEDA livre IX (decisions
 * taken from 15 July 2024): ordinaire (L. 911-1, 1 month), spéciale (L. 921-1, 7 days, person assigned to
 * residence or detained), prioritaire (L. 921-2, 48 hours, person in rétention).
 */
interface OqtfVariant {
  id: string;
  name: string;
  deadline: string;
  court: string;
  procedure: string[];
  urgency: string[];
  extraExhibits: string[];
}

const decisionsAttacked = [
  '# CONTRE',
  '',
  'L’arrêté du préfet de [à compléter] du [à compléter : date], notifié le [à compléter : date et, le cas échéant, heure], en ce qu’il :',
  [
    '- fait obligation à {{client.firstName}} {{client.lastName | upper}} de quitter le territoire français ;',
    '- [à compléter : lui refuse un délai de départ volontaire / fixe ce délai à … jours] ;',
    '- fixe le pays à destination duquel il pourra être éloigné ;',
    '- [à compléter, le cas échéant : refuse la délivrance ou le renouvellement d’un titre de séjour ; prononce une interdiction de retour sur le territoire français de … ; l’assigne à résidence / le place en rétention].',
  ].join('\n'),
  '',
  'Chacune de ces décisions est attaquée par la présente requête.',
  '',
];

const facts = [
  '# I. FAITS',
  '',
  '[à compléter : parcours du requérant, date d’entrée en France, situation administrative (titres, récépissés, demandes en cours), situation familiale et professionnelle, circonstances de l’interpellation ou de la notification.]',
  '',
];

const grounds = [
  '# III. DISCUSSION',
  '',
  '# A. Sur la légalité externe',
  '',
  '[à compléter : incompétence du signataire (délégation de signature) ; insuffisance de motivation (article L. 613-1 du CESEDA) ; défaut d’examen particulier de la situation ; méconnaissance du droit d’être entendu ; le cas échéant, vice de procédure.]',
  '',
  '# B. Sur la légalité interne de l’obligation de quitter le territoire français',
  '',
  '[à compléter : erreur de droit sur le fondement retenu (article L. 611-1 du CESEDA) ; protection contre l’éloignement (article L. 611-3 du CESEDA) ; atteinte disproportionnée au droit au respect de la vie privée et familiale (article 8 de la Convention européenne des droits de l’homme) ; intérêt supérieur de l’enfant (article 3-1 de la Convention internationale des droits de l’enfant) ; erreur manifeste d’appréciation.]',
  '',
  '# C. Sur le délai de départ volontaire, le pays de renvoi et l’interdiction de retour',
  '',
  '[à compléter : refus de délai de départ volontaire (articles L. 612-1 et L. 612-2 du CESEDA) ; risques en cas de retour (article 3 de la Convention européenne des droits de l’homme, article L. 721-4 du CESEDA) ; interdiction de retour : principe, durée et critères (articles L. 612-6 à L. 612-10 du CESEDA) ; exceptions d’illégalité tirées de l’illégalité de l’obligation de quitter le territoire.]',
  '',
];

const conclusions = (injunction: string) => [
  '# PAR CES MOTIFS',
  '',
  'Le requérant demande au tribunal de :',
  [
    '- l’admettre au bénéfice de l’aide juridictionnelle provisoire ;',
    '- annuler l’arrêté attaqué en toutes ses décisions ;',
    `- ${injunction}`,
    costsRequest,
  ].join('\n'),
  '',
];

function oqtfRequest(variant: OqtfVariant): DocumentTemplate {
  return {
    id: variant.id,
    name: variant.name,
    title: 'Requête en annulation — obligation de quitter le territoire français',
    filename: `${variant.id}-{{client.lastName}}`,
    language: 'fr',
    body: body(
      draftNotice(variant.deadline),
      variant.court.split('\n').map((line) => `> ${line}`),
      '',
      '# REQUÊTE EN ANNULATION',
      '',
      applicant(),
      decisionsAttacked,
      facts,
      '# II. PROCÉDURE ET RECEVABILITÉ',
      '',
      variant.procedure,
      grounds,
      variant.urgency,
      legalAidRequest(' Il demande, le cas échéant, l’assistance d’un interprète en langue [à compléter].'),
      conclusions(
        'enjoindre au préfet de [à compléter] de lui délivrer un titre de séjour ou, à défaut, de réexaminer sa situation dans un délai de [à compléter] à compter de la notification du jugement et de le munir dans l’attente d’une autorisation provisoire de séjour, sous astreinte de [à compléter] euros par jour de retard (articles L. 911-1 à L. 911-3 du code de justice administrative) ;',
      ),
      signature(),
      exhibits([
        'Pièce d’identité ou passeport, titres et récépissés antérieurs',
        ...variant.extraExhibits,
        'Justificatifs de présence en France, de vie privée et familiale et d’insertion',
        'Demande d’aide juridictionnelle',
      ]),
    ),
  };
}

export const OQTF_TEMPLATES: readonly DocumentTemplate[] = [
  oqtfRequest({
    id: 'requete-oqtf-ordinaire',
    name: 'Requête contre une OQTF — procédure ordinaire (1 mois)',
    deadline: 'Délai de recours (article L. 911-1 du CESEDA, un mois) : jusqu’au {{echeance | date}} inclus.',
    court: 'À Mesdames et Messieurs les président et conseillers\ndu tribunal administratif de [à compléter]',
    procedure: [
      'La présente requête est formée selon la procédure de l’article L. 911-1 du code de l’entrée et du séjour des étrangers et du droit d’asile (CESEDA) : le requérant n’est ni assigné à résidence, ni détenu, ni placé en rétention. Le délai de recours est d’un mois à compter de la notification de la décision ; il expire le {{echeance | date}}. La requête, enregistrée avant cette date, est recevable.',
      '',
      'Le recours est suspensif : l’obligation de quitter le territoire français ne peut être exécutée d’office avant l’expiration du délai de recours ni, si le tribunal est saisi, avant qu’il ait statué (article L. 722-7 du CESEDA). Le tribunal statue dans un délai de six mois. Un recours administratif ne prolonge pas le délai de recours contentieux.',
      '',
    ],
    urgency: [],
    extraExhibits: ['Éléments relatifs à la demande de titre de séjour (récépissé de dépôt ANEF, correspondances)'],
  }),
  oqtfRequest({
    id: 'requete-oqtf-speciale',
    name: 'Requête contre une OQTF — personne assignée ou détenue (7 jours)',
    deadline:
      'Délai de recours (article L. 921-1 du CESEDA, sept jours) : jusqu’au {{echeance | date}} inclus (lecture la plus courte retenue : le caractère franc du délai est discuté).',
    court: 'À Madame ou Monsieur le magistrat désigné\npar le président du tribunal administratif de [à compléter]',
    procedure: [
      'Le requérant est [à compléter : assigné à résidence (article L. 731-1 du CESEDA) / détenu]. La présente requête est formée selon la procédure de l’article L. 921-1 du CESEDA : le délai de recours est de sept jours à compter de la notification de la décision ; il expire le {{echeance | date}}. La requête, enregistrée avant cette date, est recevable. Une demande d’aide juridictionnelle ne proroge pas ce délai.',
      '',
      'Le recours est suspensif (article L. 722-7 du CESEDA). Le magistrat désigné statue dans un délai de quinze jours à compter de sa saisine. [à compléter, le cas échéant : la décision d’assignation à résidence est attaquée par la même requête.]',
      '',
    ],
    urgency: [
      '# D. Sur l’assignation à résidence',
      '',
      '[à compléter, le cas échéant : nécessité et proportionnalité des modalités de l’assignation (obligation de présentation, périmètre), situation personnelle et familiale.]',
      '',
    ],
    extraExhibits: ['Décision d’assignation à résidence ou justificatif de la détention, avec l’heure de notification'],
  }),
  oqtfRequest({
    id: 'requete-oqtf-retention',
    name: 'Requête contre une OQTF — rétention (48 heures)',
    deadline:
      'Délai de recours (article L. 921-2 du CESEDA, quarante-huit heures, d’heure à heure, jamais prorogé) : jusqu’au {{echeance | datetime}}. La requête doit être ENREGISTRÉE au greffe avant cette heure (Télérecours ou greffe).',
    court:
      'À Madame ou Monsieur le magistrat désigné\npar le président du tribunal administratif de [à compléter]\n— URGENT : étranger placé en rétention administrative —',
    procedure: [
      'Le requérant est placé en rétention administrative au centre de [à compléter] depuis le [à compléter : date et heure]. La présente requête est formée selon la procédure de l’article L. 921-2 du CESEDA : le délai de recours est de quarante-huit heures à compter de la notification de la décision, soit jusqu’au {{echeance | datetime}}. La requête, enregistrée avant cette heure, est recevable.',
      '',
      'Le recours est suspensif (article L. 722-7 du CESEDA). Le magistrat désigné statue dans un délai de quatre-vingt-seize heures à compter de l’expiration du délai de recours. La contestation du placement en rétention lui-même relève du magistrat du siège du tribunal judiciaire (article L. 741-10 du CESEDA) et n’est pas l’objet de la présente requête.',
      '',
      'Le requérant demande à être conduit à l’audience et, à défaut de l’avocat soussigné, à être assisté d’un avocat commis d’office.',
      '',
    ],
    urgency: [],
    extraExhibits: ['Décision de placement en rétention et procès-verbal de notification des droits, avec les heures'],
  }),
];
