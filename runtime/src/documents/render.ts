import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';

/** One block of a rendered document. */
export interface Block {
  kind: 'heading' | 'paragraph' | 'aside';
  text: string;
}

/** What the renderers lay out. */
export interface RenderInput {
  title: string;
  blocks: Block[];
  /** The firm, kept as the file's author. */
  author?: string;
  language?: 'fr' | 'en';
  createdAt: Date;
}

/**
 * Splits a rendered template body into blocks: a blank line ends a paragraph, `# ` starts a heading, `> ` an
 * aside (address, reference, signature: kept left-aligned, line by line). Lines of one paragraph keep their
 * line breaks.
 */
export function parseBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  let current: string[] = [];
  let inAside = false;
  const flush = () => {
    if (current.length) blocks.push({ kind: 'paragraph', text: current.join('\n') });
    current = [];
  };
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const aside = line.startsWith('> ') || line === '>';
    if (line.trim() === '') flush();
    else if (line.startsWith('# ')) {
      flush();
      blocks.push({ kind: 'heading', text: line.slice(2).trim() });
    } else if (aside) {
      flush();
      const last = blocks[blocks.length - 1];
      // Consecutive aside lines form one block (an address).
      if (inAside && last?.kind === 'aside') last.text += `\n${line.slice(2)}`;
      else blocks.push({ kind: 'aside', text: line.slice(2) });
    } else current.push(line);
    inAside = aside;
  }
  flush();
  return blocks;
}

/** Characters of the Windows-1252 code page beyond Latin-1 (the PDF standard fonts' WinAnsiEncoding). */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the PDF standard fonts can show: characters outside WinAnsiEncoding lose their accents when that is
 * enough (ő → o), other ones become `?`. Line breaks are kept.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(char)) {
      out += char;
      continue;
    }
    if (char === '\t') {
      out += '    ';
      continue;
    }
    const base = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += /^[\x20-\x7e]+$/.test(base) ? base : '?';
  }
  return out;
}

/** A4 PDF, Helvetica, 2.5 cm margins; headings bold, paragraphs justified, asides left-aligned. */
export function renderPdf(input: RenderInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
    lang: input.language ?? 'fr',
    info: {
      Title: toWinAnsi(input.title),
      ...(input.author ? { Author: toWinAnsi(input.author) } : {}),
      Subject: 'Projet généré — à relire avant signature',
      Creator: 'IA Poste Manager',
      CreationDate: input.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(15).text(toWinAnsi(input.title), { align: 'center' });
  doc.moveDown(1.5);
  for (const block of input.blocks) {
    const text = toWinAnsi(block.text);
    if (block.kind === 'heading') {
      doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text(text, { align: 'left' });
    } else if (block.kind === 'aside') {
      doc.font('Helvetica').fontSize(11).text(text, { align: 'left' });
    } else {
      doc.font('Helvetica').fontSize(11).text(text, { align: 'justify', lineGap: 2 });
    }
    doc.moveDown(0.8);
  }
  doc.end();
  return done;
}

/** A Word (DOCX) document with the same blocks. */
export async function renderDocx(input: RenderInput): Promise<Buffer> {
  const runs = (text: string, bold = false) =>
    text.split('\n').map((line, i) => new TextRun({ text: line, bold, ...(i > 0 ? { break: 1 } : {}) }));
  const children = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: runs(input.title, true) }),
    ...input.blocks.map((block) =>
      block.kind === 'heading'
        ? new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(block.text, true) })
        : new Paragraph({
            alignment: block.kind === 'paragraph' ? AlignmentType.JUSTIFIED : AlignmentType.LEFT,
            spacing: { after: 160 },
            children: runs(block.text),
          }),
    ),
  ];
  const doc = new Document({
    creator: input.author ?? 'IA Poste Manager',
    title: input.title,
    description: 'Projet généré — à relire avant signature',
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
