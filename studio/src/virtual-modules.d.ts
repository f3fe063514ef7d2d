declare module 'virtual:iapm-validators' {
  import type { ValidateFunction } from 'ajv';
  /** Validators compiled at build time, by schema reference (studio/build/precompile-validators.ts). */
  export const byRef: Record<string, ValidateFunction>;
}
