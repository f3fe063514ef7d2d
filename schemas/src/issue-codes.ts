import type { Text } from './issues.ts';

/**
 * The catalogue of issue codes. Each code maps to a message in French and in English; `{name}` is replaced
 * by the parameter of that name. The studio, the server and the CLI all show these texts.
 */
const MESSAGES = {
  // JSON Schema (shape) errors, one per Ajv keyword we use.
  'schema.required': { fr: 'Le champ « {property} » est obligatoire.', en: 'Field "{property}" is required.' },
  'schema.type': { fr: 'Type attendu : {type}.', en: 'Expected type: {type}.' },
  'schema.enum': {
    fr: 'Valeur non autorisée ; valeurs possibles : {allowed}.',
    en: 'Value not allowed; allowed values: {allowed}.',
  },
  'schema.const': { fr: 'La valeur doit être {allowed}.', en: 'The value must be {allowed}.' },
  'schema.pattern': { fr: "Le format n'est pas valide.", en: 'The format is not valid.' },
  'schema.format': { fr: 'Format attendu : {format}.', en: 'Expected format: {format}.' },
  'schema.minLength': { fr: 'Au moins {limit} caractère(s).', en: 'At least {limit} character(s).' },
  'schema.maxLength': { fr: 'Au plus {limit} caractères.', en: 'At most {limit} characters.' },
  'schema.minimum': { fr: 'La valeur doit être au moins {limit}.', en: 'The value must be at least {limit}.' },
  'schema.maximum': { fr: 'La valeur doit être au plus {limit}.', en: 'The value must be at most {limit}.' },
  'schema.exclusiveMinimum': { fr: 'La valeur doit dépasser {limit}.', en: 'The value must exceed {limit}.' },
  'schema.exclusiveMaximum': {
    fr: 'La valeur doit être inférieure à {limit}.',
    en: 'The value must be below {limit}.',
  },
  'schema.minItems': { fr: 'Au moins {limit} élément(s).', en: 'At least {limit} item(s).' },
  'schema.maxItems': { fr: 'Au plus {limit} éléments.', en: 'At most {limit} items.' },
  'schema.uniqueItems': { fr: 'Les éléments doivent être tous différents.', en: 'Items must all be different.' },
  'schema.minProperties': { fr: 'Au moins {limit} champ(s).', en: 'At least {limit} field(s).' },
  'schema.maxProperties': { fr: 'Au plus {limit} champs.', en: 'At most {limit} fields.' },
  'schema.additionalProperties': { fr: 'Champ inconnu : « {property} ».', en: 'Unknown field: "{property}".' },
  'schema.unevaluatedProperties': { fr: 'Champ inconnu : « {property} ».', en: 'Unknown field: "{property}".' },
  'schema.propertyNames': { fr: 'Nom de champ non valide : « {property} ».', en: 'Invalid field name: "{property}".' },
  'schema.oneOf': {
    fr: 'La valeur doit correspondre à exactement une des formes possibles.',
    en: 'The value must match exactly one of the possible shapes.',
  },
  'schema.anyOf': {
    fr: 'La valeur ne correspond à aucune des formes possibles.',
    en: 'The value matches none of the possible shapes.',
  },
  'schema.not': {
    fr: "Cette combinaison de champs n'est pas permise.",
    en: 'This combination of fields is not allowed.',
  },
  'schema.discriminator': { fr: 'Type de nœud inconnu : « {value} ».', en: 'Unknown node kind: "{value}".' },
  'schema.invalid': { fr: 'Valeur non valide ({keyword}).', en: 'Invalid value ({keyword}).' },
  'schema.unknown': { fr: 'Schéma inconnu : {name}.', en: 'Unknown schema: {name}.' },
  'document.unsupported-version': {
    fr: 'Version de format {version} non prise en charge (versions acceptées : {supported}).',
    en: 'Unsupported format version {version} (supported: {supported}).',
  },
  'json.parse': { fr: 'JSON illisible : {detail}.', en: 'Unreadable JSON: {detail}.' },
  // CESEDA domain: rule data, deadline computation, checklists, extraction.
  'rules.duplicate-id': {
    fr: 'La règle « {id} » est définie plusieurs fois.',
    en: 'Rule "{id}" is defined more than once.',
  },
  'rules.unknown-reference': {
    fr: "La règle « {id} » citée ici n'existe pas dans le catalogue.",
    en: 'Rule "{id}" referred to here does not exist in the catalogue.',
  },
  'rules.validity-order': {
    fr: 'La date de début de validité ({from}) est postérieure à la date de fin ({to}).',
    en: 'The validity start ({from}) is after its end ({to}).',
  },
  'rules.duplicate-variant': {
    fr: "Deux lectures de la règle portent l'identifiant « {id} ».",
    en: 'Two readings of the rule have id "{id}".',
  },
  'rules.unknown-rule': { fr: 'Règle de délai inconnue : « {id} ».', en: 'Unknown deadline rule: "{id}".' },
  'rules.no-rule': {
    fr: 'Aucune règle de délai pour la procédure {procedure} (situation : {situation}, décision du {date}).',
    en: 'No deadline rule for procedure {procedure} (situation: {situation}, decision of {date}).',
  },
  // Presets (presets/<id>/): card, workflow, samples and scenarios.
  'preset.unknown': { fr: 'Modèle inconnu : « {id} ».', en: 'Unknown preset: "{id}".' },
  'preset.missing-file': { fr: 'Fichier manquant : {file}.', en: 'Missing file: {file}.' },
  'preset.id-mismatch': {
    fr: "L'identifiant « {id} » ne correspond pas au dossier « {folder} ».",
    en: 'Identifier "{id}" does not match folder "{folder}".',
  },
  'preset.inconsistent': {
    fr: '« {field} » diffère entre preset.json et workflow.json.',
    en: '"{field}" differs between preset.json and workflow.json.',
  },
  'preset.no-sample': {
    fr: "Le modèle n'a aucun événement d'exemple pour son déclencheur ({event}).",
    en: 'The preset has no sample event for its trigger ({event}).',
  },
  'preset.no-scenario': { fr: "Le modèle n'a aucun scénario.", en: 'The preset has no scenario.' },
  'preset.unknown-sample': {
    fr: "L'événement d'exemple « {file} » n'existe pas.",
    en: 'Sample event "{file}" does not exist.',
  },
  'preset.unknown-node': {
    fr: "Le nœud « {node} » n'existe pas dans le workflow.",
    en: 'Node "{node}" does not exist in the workflow.',
  },
  'preset.not-action-node': {
    fr: "Le nœud « {node} » n'est pas une action.",
    en: 'Node "{node}" is not an action.',
  },
  'preset.unknown-template': {
    fr: "Le nœud « {node} » utilise le modèle de document « {template} », qui n'est pas fourni par la plateforme (modèles intégrés : {known}).",
    en: 'Node "{node}" uses document template "{template}", which the platform does not provide (built-in templates: {known}).',
  },
  'checklist.duplicate-key': {
    fr: 'La pièce « {key} » figure deux fois dans la liste {list}.',
    en: 'Document "{key}" appears twice in list {list}.',
  },
  'checklist.event-invalid': {
    fr: 'Événement de document attendu (document:uploaded ou document:verified), reçu {detail}.',
    en: 'A document event was expected (document:uploaded or document:verified), got {detail}.',
  },
  'deadline.invalid-datetime': {
    fr: 'Date et heure non valides : « {value} » (attendu : ISO 8601, ex. 2026-11-03T14:30:00+01:00).',
    en: 'Invalid date and time: "{value}" (expected ISO 8601, e.g. 2026-11-03T14:30:00+01:00).',
  },
  'deadline.invalid-date': {
    fr: 'Date non valide : « {value} » (attendu : AAAA-MM-JJ).',
    en: 'Invalid date: "{value}" (expected YYYY-MM-DD).',
  },
  'deadline.unknown-zone': { fr: 'Fuseau horaire inconnu : « {value} ».', en: 'Unknown time zone: "{value}".' },
  'deadline.unknown-region': {
    fr: 'Calendrier inconnu : « {value} » (valeurs possibles : {allowed}).',
    en: 'Unknown calendar: "{value}" (allowed: {allowed}).',
  },
  'deadline.unknown-mode': {
    fr: 'Mode de notification inconnu : « {value} » (valeurs possibles : {allowed}).',
    en: 'Unknown notification mode: "{value}" (allowed: {allowed}).',
  },
  'deadline.missing-notification': {
    fr: 'Indiquez la date de notification ({detail}).',
    en: 'Give the notification date ({detail}).',
  },
  'deadline.rule-not-in-force': {
    fr: 'La règle {id} vise les décisions prises {range} ; la décision est du {date}.{hint}',
    en: 'Rule {id} covers decisions taken {rangeEn}; the decision is of {date}.{hintEn}',
  },
  'deadline.event-invalid': { fr: 'Événement non valide : {detail}.', en: 'Invalid event: {detail}.' },
  'deadline.event-before-start': {
    fr: "L'événement du {date} précède la notification : il ne peut pas modifier le délai.",
    en: 'The event of {date} precedes the notification: it cannot change the period.',
  },
  'deadline.switch-mismatch': {
    fr: 'La règle {id} ne prévoit pas de bascule vers {target} ({kind}).',
    en: 'Rule {id} provides no switch to {target} ({kind}).',
  },
  'eml.unreadable': { fr: 'Message illisible : {detail}.', en: 'Unreadable message: {detail}.' },
  'extraction.too-long': {
    fr: 'Texte trop long ({length} caractères ; au plus {limit}).',
    en: 'Text too long ({length} characters; at most {limit}).',
  },
  // Graph checks.
  'graph.trigger-missing': {
    fr: 'Le workflow doit commencer par un déclencheur.',
    en: 'The workflow must start with a trigger.',
  },
  'graph.trigger-multiple': {
    fr: 'Un seul déclencheur par workflow ; celui-ci est en trop.',
    en: 'Only one trigger per workflow; this one is extra.',
  },
  'graph.trigger-incoming': {
    fr: 'Un déclencheur ne peut pas recevoir de lien.',
    en: 'A trigger cannot receive an edge.',
  },
  'graph.duplicate-node-id': { fr: "L'identifiant « {id} » est déjà utilisé.", en: 'Id "{id}" is already used.' },
  'graph.duplicate-edge-id': {
    fr: "L'identifiant de lien « {id} » est déjà utilisé.",
    en: 'Edge id "{id}" is already used.',
  },
  'graph.edge-missing-source': {
    fr: "Le lien part du nœud « {id} », qui n'existe pas.",
    en: 'The edge starts at node "{id}", which does not exist.',
  },
  'graph.edge-missing-target': {
    fr: "Le lien mène au nœud « {id} », qui n'existe pas.",
    en: 'The edge leads to node "{id}", which does not exist.',
  },
  'graph.edge-unknown-port': {
    fr: "Le nœud « {id} » n'a pas de sortie « {port} » (sorties : {ports}).",
    en: 'Node "{id}" has no port "{port}" (ports: {ports}).',
  },
  'graph.edge-port-required': {
    fr: 'Précisez la sortie de ce lien (sorties : {ports}).',
    en: 'Say which port this edge leaves from (ports: {ports}).',
  },
  'graph.edge-duplicate': { fr: 'Ce lien existe déjà.', en: 'This edge already exists.' },
  'graph.edge-from-end': {
    fr: 'Un nœud « Fin » ne peut pas avoir de lien sortant.',
    en: 'An "End" node cannot have an outgoing edge.',
  },
  'graph.port-multiple': {
    fr: 'La sortie « {port} » est reliée plusieurs fois ; utilisez un nœud « Parallèle ».',
    en: 'Port "{port}" is wired more than once; use a "Parallel" node.',
  },
  'graph.unreachable': {
    fr: 'Ce nœud ne peut jamais être atteint depuis le déclencheur.',
    en: 'This node can never be reached from the trigger.',
  },
  'graph.port-unwired': {
    fr: "La sortie « {port} » n'est reliée à rien ; reliez-la, éventuellement à un nœud « Fin ».",
    en: 'Port "{port}" is not wired; wire it, possibly to an "End" node.',
  },
  'graph.unbounded-cycle': {
    fr: 'Ce lien ferme une boucle sans attente ni nœud « Boucle » borné : le run tournerait sans fin.',
    en: 'This edge closes a cycle with no wait and no bounded "Loop" node: the run would never end.',
  },
  'graph.port-alias': {
    fr: "« approved » et « success » sont la même sortie d'une action soumise à validation ; ne reliez que l'une des deux.",
    en: '"approved" and "success" are the same port of an action under validation; wire only one of them.',
  },
  'trigger.event-or-cron': {
    fr: 'Un déclencheur a soit un événement, soit un calendrier cron : un des deux, pas les deux.',
    en: 'A trigger has either an event or a cron schedule: one of the two, not both.',
  },
  'trigger.invalid-cron': {
    fr: 'Calendrier cron non valide : {detail}.',
    en: 'Invalid cron schedule: {detail}.',
  },
  'wait.mode': {
    fr: 'Une attente a exactement un réglage : une durée (for), une date (until), ou un événement attendu avec un délai maximal (event et timeout).',
    en: 'A wait has exactly one setting: a duration (for), a date (until), or an awaited event with a timeout (event and timeout).',
  },
  'graph.join-inputs': {
    fr: 'Une jonction doit recevoir au moins deux liens.',
    en: 'A join must receive at least two edges.',
  },
  'graph.duplicate-case': { fr: 'Le cas « {port} » existe déjà.', en: 'Case "{port}" already exists.' },
  'firm.template-unknown': {
    fr: 'Le modèle « {template} » n’existe pas dans ce cabinet : cette étape échouera tant qu’il n’est pas créé.',
    en: 'Template "{template}" does not exist in this firm: this step will fail until it is created.',
  },
  'graph.subflow-self': { fr: 'Un workflow ne peut pas se lancer lui-même.', en: 'A workflow cannot start itself.' },
  'graph.subflow-depth': {
    fr: "Les sous-workflows s'imbriquent sur plus de {limit} niveaux ({chain}).",
    en: 'Subflows nest more than {limit} levels deep ({chain}).',
  },
  'graph.subflow-cycle': {
    fr: 'Les sous-workflows se lancent en boucle ({chain}).',
    en: 'Subflows start each other in a cycle ({chain}).',
  },
  'catalog.unknown-event': { fr: 'Événement inconnu : « {event} ».', en: 'Unknown event: "{event}".' },
  'catalog.unknown-action': { fr: "Type d'action inconnu : « {action} ».", en: 'Unknown action type: "{action}".' },
  'catalog.node-kind-action': {
    fr: "« {action} » n'est pas une action : utilisez un nœud « {kind} ».",
    en: '"{action}" is not an action: use a "{kind}" node.',
  },
  'catalog.param-invalid': { fr: 'Paramètre « {param} » : {detail}', en: 'Parameter "{param}": {detail}' },
  'autonomy.below-floor': {
    fr: "L'action « {action} » est au minimum {floor} ; elle ne peut pas être déclarée {level}.",
    en: 'Action "{action}" is at least {floor}; it cannot be declared {level}.',
  },
  'gate.not-gated': {
    fr: "La sortie « {port} » n'existe que pour une action soumise à validation (ORANGE ou ROUGE).",
    en: 'Port "{port}" only exists for an action under validation (ORANGE or RED).',
  },
  // Expressions.
  'logic.forbidden-operation': {
    fr: "L'opération « {op} » est interdite dans les expressions.",
    en: 'Operation "{op}" is forbidden in expressions.',
  },
  'logic.unknown-operation': { fr: 'Opération inconnue : « {op} ».', en: 'Unknown operation: "{op}".' },
  'logic.too-deep': {
    fr: "L'expression est imbriquée sur plus de {limit} niveaux.",
    en: 'The expression is nested more than {limit} levels deep.',
  },
  'logic.too-large': {
    fr: "L'expression compte plus de {limit} éléments.",
    en: 'The expression has more than {limit} elements.',
  },
  'logic.invalid-var': { fr: 'Chemin de variable non valide.', en: 'Invalid variable path.' },
  'logic.invalid-regex': { fr: 'Motif refusé : {detail}.', en: 'Pattern refused: {detail}.' },
  'regex.too-long': { fr: 'plus de {limit} caractères', en: 'more than {limit} characters' },
  'regex.back-reference': {
    fr: 'les références arrière (\\1, \\k<nom>) ne sont pas permises',
    en: 'back-references (\\1, \\k<name>) are not allowed',
  },
  'regex.look-around': {
    fr: 'les assertions avant/arrière ((?=, (?!, (?<=, (?<!) ne sont pas permises',
    en: 'look-around ((?=, (?!, (?<=, (?<!) is not allowed',
  },
  'regex.syntax': { fr: 'syntaxe incorrecte ({detail})', en: 'bad syntax ({detail})' },
  'var.unknown-path': {
    fr: "Le chemin « {path} » n'existe ni dans l'événement déclencheur ni dans les résultats des étapes précédentes.",
    en: 'Path "{path}" exists neither in the trigger event nor in the outputs of earlier steps.',
  },
  'var.forbidden-segment': {
    fr: 'Le chemin « {path} » contient un segment interdit.',
    en: 'Path "{path}" contains a forbidden segment.',
  },
  // HTTP API requests (beyond the shape of their bodies).
  'auth.code-invalid': {
    fr: 'Code incorrect, expiré ou déjà utilisé.',
    en: 'Wrong, expired or already used code.',
  },
  'auth.bad-password': { fr: 'Mot de passe actuel incorrect.', en: 'Current password is wrong.' },
  'api.reference-not-found': {
    fr: '{what} introuvable dans le cabinet.',
    en: '{what} not found in the firm.',
  },
  'api.trigger-mismatch': {
    fr: "Le déclencheur du workflow attend l'événement « {expected} ».",
    en: 'The workflow\'s trigger waits for event "{expected}".',
  },
} satisfies Record<string, Text>;

export type IssueCode = keyof typeof MESSAGES;

/** All known codes (for documentation and tests). */
export const ISSUE_CODES = Object.keys(MESSAGES) as IssueCode[];

/**
 * The message of a code with its parameters filled in. A parameter may itself be a text in both languages
 * (a reason given by a check), filled in the matching language.
 */
export function message(code: IssueCode, params: Record<string, string | number | Text> = {}): Text {
  const fill = (template: string, lang: 'fr' | 'en') =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) return `{${name}}`;
      return typeof value === 'object' ? value[lang] : String(value);
    });
  const text = MESSAGES[code];
  return { fr: fill(text.fr, 'fr'), en: fill(text.en, 'en') };
}
