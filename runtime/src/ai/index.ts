export {
  type AiContext,
  type AiOutput,
  type AiSettings,
  answerTask,
  DISAGREEMENT_CONFIDENCE,
  MAX_MODEL_CONFIDENCE,
  ollamaFor,
} from './ai-service.ts';
export { BUILTIN_MODEL, builtinProvider } from './builtin-provider.ts';
export { clearOllamaModelCache, OllamaProvider, type OllamaSettings } from './ollama-provider.ts';
export { answerSchema, messagesFor, PROMPT_VERSIONS } from './prompts.ts';
export { Pseudonymiser } from './pseudonymise.ts';
export * from './types.ts';
