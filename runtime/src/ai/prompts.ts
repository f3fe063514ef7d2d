/**
 * The prompts sent to a model, and the JSON Schema its answer is held to (Ollama's `format`): the action's own
 * output schema, without the provenance (the runtime adds it), narrowed to the task (the firm's categories, the
 * fields asked for).
 */
import { findAction, type JsonSchema } from '@iapm/schemas';
import { ACTION_OF, type AiTask } from './types.ts';

/** Bumped whenever a prompt below changes meaning; kept in every answer's provenance. */
export const PROMPT_VERSIONS = { classify: 'classify@1', extract: 'extract@1', analyze: 'analyze@1' } as const;

const COMMON = [
  "Tu assistes un cabinet d'avocats français en droit des étrangers (CESEDA).",
  'Les données personnelles du texte ont été remplacées par des marqueurs entre crochets ([NOM_1], [EMAIL_1], [TEL_1], [ADRESSE_1], [NUM_ETRANGER_1]) : recopie ces marqueurs tels quels quand tu les cites, sans chercher à les deviner ni à les compléter.',
  "Réponds uniquement par un objet JSON conforme au schéma imposé. N'invente rien : un champ que le texte ne permet pas de remplir est omis.",
  'Le champ « confidence » (de 0 à 1) dit à quel point ta réponse est sûre au vu du texte.',
].join('\n');

const DEPTH = {
  quick: "Analyse rapide : une synthèse de deux phrases et au plus cinq points, l'essentiel seulement.",
  standard: 'Analyse standard : une synthèse courte et les points utiles au dossier (au plus quinze).',
  deep: 'Analyse approfondie : une synthèse détaillée et tous les points utiles, y compris les risques et les vérifications à faire.',
} as const;

/** The system and user messages of a task (texts already pseudonymised). */
export function messagesFor(task: AiTask): { role: 'system' | 'user'; content: string }[] {
  if (task.kind === 'classify') {
    return [
      {
        role: 'system',
        content: `${COMMON}\nClasse le message dans exactement une des catégories proposées : ${task.categories.join(', ')}. Indique aussi, si le texte le permet, le type de procédure, la situation de la personne et l'urgence. Un courrier qui fait courir un délai de recours n'est ni « information » ni « spam ».`,
      },
      { role: 'user', content: `${task.subject ? `Objet : ${task.subject}\n\n` : ''}Texte :\n${task.text}` },
    ];
  }
  if (task.kind === 'extract') {
    return [
      {
        role: 'system',
        content: `${COMMON}\nExtrais du texte les champs suivants : ${task.fields.join(', ')}. Les dates sont au format AAAA-MM-JJ ; la date de notification est celle à laquelle la personne a reçu la décision.`,
      },
      {
        role: 'user',
        content: `${task.receivedAt ? `Reçu le : ${task.receivedAt}\n\n` : ''}Texte :\n${task.text}`,
      },
    ];
  }
  return [
    {
      role: 'system',
      content: `${COMMON}\nAnalyse le texte et rends une synthèse et les points relevés (label court, détail). ${DEPTH[task.depth]} C'est une aide à la lecture pour l'avocat, pas un avis juridique.`,
    },
    {
      role: 'user',
      content: `${task.instructions ? `Consignes : ${task.instructions}\n\n` : ''}Texte :\n${task.text}`,
    },
  ];
}

/** A schema without annotations (titles, descriptions, labels, examples): what the grammar needs, nothing more. */
function bare(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(bare);
  if (!schema || typeof schema !== 'object') return schema;
  const ANNOTATIONS = ['title', 'description', 'examples', 'default', '$id', '$schema'];
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => !key.startsWith('x-') && !ANNOTATIONS.includes(key))
      .map(([key, value]) => {
        if (key === 'enum' || key === 'required') return [key, value];
        // Property names are data, not keywords: keep every one, strip inside.
        if (key === 'properties' && value && typeof value === 'object') {
          return [key, Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, bare(sub)]))];
        }
        return [key, bare(value)];
      }),
  );
}

/** The JSON Schema a model's answer to `task` must match (its `format`): self-contained, no `$ref`. */
export function answerSchema(task: AiTask): JsonSchema {
  const entry = findAction(ACTION_OF[task.kind]);
  if (!entry?.outputSchema) throw new Error(`no output schema for ${ACTION_OF[task.kind]}`);
  const schema = bare(entry.outputSchema) as JsonSchema & {
    properties: Record<string, JsonSchema>;
    required: string[];
  };
  const { provenance: _provenance, ...properties } = schema.properties;
  let kept = properties;
  if (task.kind === 'extract') {
    kept = Object.fromEntries(
      Object.entries(properties).filter(([key]) => key === 'confidence' || (task.fields as string[]).includes(key)),
    );
  }
  if (task.kind === 'classify' && kept.category) {
    kept = { ...kept, category: { type: 'string', enum: [...task.categories] } };
  }
  return {
    type: 'object',
    additionalProperties: false,
    properties: kept,
    required: schema.required.filter((key) => key !== 'provenance'),
  };
}
