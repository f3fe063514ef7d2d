import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';

/**
 * Reading generated files back, for tests: the PDF's structure (header, trailer, cross-reference offset) and its
 * text through pdf.js (Mozilla's parser, an independent reader), and a DOCX's main part.
 */
export function pdfStructure(bytes: Buffer): { header: string; eof: boolean; xrefAtStartxref: boolean } {
  const header = bytes.subarray(0, 8).toString('latin1');
  const tail = bytes.subarray(Math.max(0, bytes.length - 64)).toString('latin1');
  const offset = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)?.[1] ?? Number.NaN);
  return {
    header,
    eof: /%%EOF\s*$/.test(tail),
    xrefAtStartxref: Number.isInteger(offset) && bytes.subarray(offset, offset + 4).toString('latin1') === 'xref',
  };
}

/** The text of every page, pages separated by a form feed, as pdf.js reads it. */
export async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string; title?: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const require = createRequire(import.meta.url);
  const fonts = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts/');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: fonts, verbosity: 0 })
    .promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : ''))
        .join('')
        .replace(/[ \t]+\n/g, '\n'),
    );
  }
  const meta = await doc.getMetadata();
  const title = (meta.info as { Title?: string } | undefined)?.Title;
  await doc.destroy();
  return { pages: pages.length, text: pages.join('\f'), ...(title ? { title } : {}) };
}

/** The text of a DOCX's `word/document.xml` (runs joined, paragraphs on their own lines). */
export function docxText(bytes: Buffer): string {
  const files = unzipSync(new Uint8Array(bytes));
  const xml = files['word/document.xml'];
  if (!xml) throw new Error('not a DOCX: word/document.xml is missing');
  return Buffer.from(xml)
    .toString('utf8')
    .replace(/<w:br\/>/g, '\n')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");
}
