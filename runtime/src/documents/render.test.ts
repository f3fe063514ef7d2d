import { describe, expect, it } from 'vitest';
import { docxText, pdfStructure, pdfText } from './read-back-kit.ts';
import { parseBlocks, renderDocx, renderPdf, toWinAnsi } from './render.ts';

describe('document rendering', () => {
  it('splits a body into headings, paragraphs and asides', () => {
    expect(parseBlocks('> Cabinet\n> Lyon\n\n# Objet : test\nLigne 1\nLigne 2\n\n\nFin\r\n> Signé')).toEqual([
      { kind: 'aside', text: 'Cabinet\nLyon' },
      { kind: 'heading', text: 'Objet : test' },
      { kind: 'paragraph', text: 'Ligne 1\nLigne 2' },
      { kind: 'paragraph', text: 'Fin' },
      { kind: 'aside', text: 'Signé' },
    ]);
  });

  it('keeps French typography for the standard fonts and replaces what they cannot show', () => {
    expect(toWinAnsi('« Œuvre » — l’élève paie 10 € ; ç à ù')).toBe('« Œuvre » — l’élève paie 10 € ; ç à ù');
    expect(toWinAnsi('Łukasz Dvořák')).toBe('?ukasz Dvorák');
    expect(toWinAnsi('محمد')).toBe('????');
  });

  it('lays a long text over several PDF pages that pdf.js reads back in order', async () => {
    const paragraphs = Array.from({ length: 60 }, (_, i) => `Paragraphe ${i + 1} : ${'texte du recours '.repeat(12)}`);
    const bytes = await renderPdf({
      title: 'Mémoire — Dvořák',
      blocks: paragraphs.map((text) => ({ kind: 'paragraph' as const, text })),
      createdAt: new Date('2026-03-01T10:00:00Z'),
    });
    expect(pdfStructure(bytes)).toMatchObject({ eof: true, xrefAtStartxref: true });
    const read = await pdfText(bytes);
    expect(read.pages).toBeGreaterThan(2);
    expect(read.title).toBe('Mémoire — Dvorák');
    const flat = read.text.replace(/\s+/g, ' ');
    expect(flat.indexOf('Paragraphe 1 :')).toBeLessThan(flat.indexOf('Paragraphe 60 :'));
    expect(flat).toContain('Paragraphe 60 : texte du recours');
  });

  it('writes DOCX paragraphs with their line breaks', async () => {
    const bytes = await renderDocx({
      title: 'Titre',
      blocks: [{ kind: 'aside', text: 'Cabinet\n12 rue X' }],
      createdAt: new Date(),
    });
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(docxText(bytes)).toContain('Cabinet\n12 rue X');
  });
});
