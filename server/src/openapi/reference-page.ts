type Json = Record<string, unknown>;

const html = (text: unknown) =>
  String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** Follows `$ref`s to components (bounded, cycles stop). */
function deref(doc: Json, schema: unknown, depth = 0): Json {
  let current = (schema ?? {}) as Json;
  for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
    const name = (current.$ref as string).replace('#/components/schemas/', '');
    const target = ((doc.components as Json).schemas as Json)[name] as Json | undefined;
    const { $ref: _ref, ...siblings } = current;
    current = { ...(target ?? {}), ...siblings, 'x-component': name };
  }
  return depth > 8 ? {} : current;
}

function typeOf(doc: Json, schema: unknown): string {
  const s = deref(doc, schema);
  if (s.const !== undefined) return `= ${JSON.stringify(s.const)}`;
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf))
    return ((s.oneOf ?? s.anyOf) as unknown[])
      .slice(0, 6)
      .map((v) => typeOf(doc, v))
      .join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : ((s.type as string | undefined) ?? 'any');
  if (type === 'array') return `${typeOf(doc, s.items)}[]`;
  const bits = [type];
  if (s.format) bits.push(`(${s.format})`);
  if (s.pattern) bits.push(`/${s.pattern}/`);
  if (s.maxLength !== undefined) bits.push(`≤ ${s.maxLength} car.`);
  if (s['x-component'] && type === 'object') bits.push(`<${s['x-component']}>`);
  return bits.join(' ');
}

/** A schema's properties as table rows, nested objects indented (two levels). */
function propertyRows(doc: Json, schema: unknown, prefix = '', depth = 0): string {
  const s = deref(doc, schema);
  const required = new Set((s.required as string[] | undefined) ?? []);
  const rows: string[] = [];
  for (const [name, property] of Object.entries((s.properties ?? {}) as Json)) {
    const p = deref(doc, property);
    const title = [p.title, p['x-title-en']].filter(Boolean).join(' / ');
    rows.push(
      `<tr><td><code>${html(prefix + name)}</code>${required.has(name) ? ' <b>*</b>' : ''}</td>` +
        `<td>${html(typeOf(doc, property))}</td><td>${html(title)}</td></tr>`,
    );
    if (depth < 1 && (p.type === 'object' || p.properties))
      rows.push(propertyRows(doc, p, `${prefix}${name}.`, depth + 1));
  }
  return rows.join('');
}

function table(head: string[], rows: string): string {
  if (!rows) return '';
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * The API reference as one static HTML page rendered on the server from the OpenAPI document: no script,
 * no external resource (the Content-Security-Policy allows none). French first, English second.
 */
export function renderReference(doc: Json): string {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const tags = (doc.tags as { name: string; description: string }[]) ?? [];
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = ((op.tags as string[]) ?? ['other'])[0] as string;
      const params = ((op.parameters as Json[]) ?? [])
        .map(
          (p) =>
            `<tr><td><code>${html(p.name)}</code>${p.required ? ' <b>*</b>' : ''}</td><td>${html(p.in)}</td>` +
            `<td>${html(typeOf(doc, p.schema))}</td></tr>`,
        )
        .join('');
      const content = ((op.requestBody as Json | undefined)?.content ?? {}) as Record<string, Json>;
      const body = Object.entries(content)
        .map(([type, media]) => {
          const schema = deref(doc, media.schema);
          const rows = propertyRows(doc, schema);
          return `<p class="label">Corps / body — <code>${html(type)}</code> ${html(typeOf(doc, media.schema))}</p>${table(
            ['Champ / field', 'Type', 'Titre / title'],
            rows,
          )}`;
        })
        .join('');
      const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
        .map(([status, r]) => `<li><code>${html(status)}</code> ${html(r.description)}</li>`)
        .join('');
      const id = html(op.operationId);
      const section =
        `<section id="${id}"><h3><span class="method ${html(method)}">${html(method.toUpperCase())}</span> ` +
        `<code>${html(path)}</code></h3><p>${html(op.description)}</p>` +
        `${table(['Paramètre / parameter', 'Où / in', 'Type'], params)}${body}<ul class="responses">${responses}</ul></section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), section]);
    }
  }
  const info = doc.info as Json;
  const nav = tags
    .filter((t) => byTag.has(t.name))
    .map((t) => `<li><a href="#tag-${html(t.name)}">${html(t.description)}</a></li>`)
    .join('');
  const body = tags
    .filter((t) => byTag.has(t.name))
    .map((t) => `<h2 id="tag-${html(t.name)}">${html(t.description)}</h2>${(byTag.get(t.name) ?? []).join('')}`)
    .join('');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(info.title)} — référence</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#fafbfc}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px}h2{margin-top:40px;border-bottom:2px solid #d8dee8;padding-bottom:4px}
section{background:#fff;border:1px solid #e1e6ef;border-radius:6px;padding:12px 16px;margin:12px 0}
h3{font-size:16px;margin:0 0 6px}code{font:13px ui-monospace,monospace}
.method{display:inline-block;min-width:56px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px;margin-right:6px}
.get{background:#2f6fdb}.post{background:#1f8a4c}.put{background:#b7791f}.patch{background:#805ad5}.delete{background:#c53030}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}td,th{border:1px solid #e1e6ef;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f2f5f9}.label{margin:8px 0 0;font-weight:600}.responses{margin:6px 0 0;padding-left:18px;font-size:13px}
</style></head>
<body><main>
<h1>${html(info.title)}</h1>
<p>${html(info.description)}</p>
<p>Document OpenAPI 3.1 : <a href="/api/openapi.json"><code>/api/openapi.json</code></a> · version ${html(info.version)}</p>
<nav><ul>${nav}</ul></nav>
${body}
</main></body></html>`;
}
