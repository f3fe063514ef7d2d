import { createAjv, getCatalog, SCHEMA_IDS } from '@iapm/schemas';
import standaloneModule from 'ajv/dist/standalone/index.js';

// Published as CommonJS: the function arrives as the default export or wrapped under `default`.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ??
  standaloneModule) as typeof standaloneModule;

/**
 * Every schema the studio validates in the browser: the workflow document and each action's parameters
 * (`checkWorkflow`). Event payloads and firm settings are checked by the server (test runs, settings); leaving
 * them out keeps two thirds of the code out of the editor's bundle.
 */
export function precompiledRefs(): string[] {
  const catalog = getCatalog();
  return [SCHEMA_IDS.workflow, ...catalog.actions.flatMap((a) => (a.paramsRef ? [a.paramsRef] : []))];
}

/**
 * The source of an ES module exporting `byRef`: Ajv standalone validators for `refs`, compiled now with the
 * project's Ajv options, so that the browser never generates code (the server's Content-Security-Policy
 * forbids `eval`). The `require()` calls Ajv emits for its runtime helpers become imports; `requireOf`
 * reads a CommonJS namespace the same way under Node and under the bundler.
 */
export function precompiledValidatorsModule(refs: readonly string[] = precompiledRefs()): string {
  const ajv = createAjv({ code: { source: true, esm: true, lines: false } });
  const exportsByName: Record<string, string> = {};
  refs.forEach((ref, i) => {
    exportsByName[`v${i}`] = ref;
  });
  const imports = new Map<string, string>();
  const code = standaloneCode(ajv, exportsByName)
    .replace(/^"use strict";/, '')
    .replace(/require\("([^"]+)"\)/g, (_match, specifier: string) => {
      // Deep imports of CommonJS files need their extension under Node's ESM resolution.
      const file = /\.[cm]?js$/.test(specifier) ? specifier : `${specifier}.js`;
      let name = imports.get(file);
      if (!name) {
        name = `dep${imports.size}`;
        imports.set(file, name);
      }
      return `requireOf(${name})`;
    });
  const header = [...imports].map(([specifier, name]) => `import * as ${name} from ${JSON.stringify(specifier)};`);
  const table = refs.map((ref, i) => `  ${JSON.stringify(ref)}: v${i},`);
  return [
    ...header,
    'function requireOf(ns) { return ns.default && typeof ns.default === "object" ? ns.default : ns; }',
    code,
    'export const byRef = {',
    ...table,
    '};',
    '',
  ].join('\n');
}

/** Vite plugin serving `virtual:iapm-validators` (see `precompiledValidatorsModule`). */
export function precompiledValidatorsPlugin() {
  const id = 'virtual:iapm-validators';
  const resolved = `\0${id}`;
  return {
    name: 'iapm-precompiled-validators',
    resolveId: (source: string) => (source === id ? resolved : undefined),
    load: (loaded: string) => (loaded === resolved ? precompiledValidatorsModule() : undefined),
  };
}
