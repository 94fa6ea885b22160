import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { fromIpynb, toIpynb } from '../../../src/notebook/format/ipynb.ts';
import { parseNotebook, readNotebook } from '../../../src/notebook/format/parse.ts';
import { NotebookSyntaxError, type Notebook } from '../../../src/notebook/format/types.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const schema = JSON.parse(readFileSync(join(fixtures, 'nbformat.v4.5.schema.json'), 'utf8')) as object;
// The official schema uses keywords Ajv's strict mode does not know (`item`, `source_hidden`).
const validate = new AjvDraft04.default({ allErrors: true, strict: false }).compile(schema);
const notebook = readNotebook(join(fixtures, 'valid.md'));

/** What must survive a trip through .ipynb: the metadata, and each cell's code, options and output. */
function essence({ meta, cells }: Notebook) {
  const { title, concepts, normalizers } = meta;
  return {
    title,
    concepts,
    normalizers,
    cells: cells.map(({ code, options, expected }) => ({ code, options, output: expected?.text })),
  };
}

describe('toIpynb', () => {
  const ipynb = toIpynb(notebook);

  it('makes a notebook the official nbformat 4.5 schema accepts', () => {
    expect(validate(ipynb), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...ipynb, cells: [{ cell_type: 'markdown', metadata: {}, source: 'no id' }] })).toBe(false);
    expect(ipynb).toMatchObject({ nbformat: 4, nbformat_minor: 5 });
  });

  it('carries the kernelspec, language_info and the dockbook metadata', () => {
    expect(ipynb.metadata).toMatchObject({
      kernelspec: { name: 'dockbook', display_name: 'TypeScript (dockbook)', language: 'typescript' },
      language_info: { name: 'typescript' },
      dockbook: { title: 'Images and containers', concepts: ['C01', 'C02', 'C03'] },
    });
  });

  it('gives every cell a stable ID from the file name and position', () => {
    const ids = ipynb.cells.map((cell) => cell.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[a-zA-Z0-9-_]{1,64}$/.test(id))).toBe(true);
    expect(ids.slice(0, 2)).toEqual(['valid-1', 'valid-2']);
    expect(toIpynb(readNotebook(join(fixtures, 'valid.md'))).cells.map((cell) => cell.id)).toEqual(ids);
  });

  it('writes code cells with their full code, options as metadata and the expected output as stdout', () => {
    const code = ipynb.cells.filter((cell) => cell.cell_type === 'code');
    expect(code).toHaveLength(5);
    expect(code[0]).toMatchObject({
      metadata: { concept: 'C01', timeout: 60 },
      execution_count: 1,
      outputs: [{ output_type: 'stream', name: 'stdout', text: ['hello\n'] }],
    });
    expect((code[0]!.source as string[]).join('')).toBe(notebook.cells[0]!.code.slice(0, -1));
    expect(code[1]).toMatchObject({
      metadata: { concept: ['C02', 'C03'], skip: 'needs a registry', hide: true },
      execution_count: null,
      outputs: [],
    });
    expect(ipynb.cells[0]).toMatchObject({
      cell_type: 'markdown',
      source: ['# Images and containers\n', '\n', 'A container runs a process from an image. This notebook runs one.'],
    });
  });

  it('puts given outputs in place of the expected ones', () => {
    const code = toIpynb(notebook, new Map([[2, 'pulled\n']])).cells.filter((cell) => cell.cell_type === 'code');
    expect(code[1]).toMatchObject({ execution_count: 2, outputs: [{ output_type: 'stream', text: ['pulled\n'] }] });
  });
});

describe('fromIpynb', () => {
  it('round-trips a notebook: the same metadata, cells, options and outputs', () => {
    const markdown = fromIpynb(toIpynb(notebook), 'valid.md');
    const back = parseNotebook(markdown, 'valid.md');
    expect(essence(back)).toEqual(essence(notebook));
    expect(back.blocks.map((block) => block.kind)).toEqual(notebook.blocks.map((block) => block.kind));
    expect(fromIpynb(toIpynb(back), 'valid.md')).toBe(markdown);
  });

  it('reads a notebook saved by Jupyter: bare Jupytext options, text/plain results, unknown metadata dropped', () => {
    const saved = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: 'dockbook', display_name: 'TypeScript (dockbook)', language: 'typescript' },
        language_info: { name: 'typescript' },
        dockbook: { title: 'Edited' },
      },
      cells: [
        { id: 'a', cell_type: 'markdown', metadata: {}, source: '# Edited' },
        {
          id: 'b',
          cell_type: 'code',
          metadata: { concept: 'C05,C06', skip: null, scrolled: true, tags: ['x'] },
          execution_count: 3,
          source: 'const x = 1;\nx',
          outputs: [
            { output_type: 'stream', name: 'stdout', text: 'one\n' },
            { output_type: 'execute_result', execution_count: 3, metadata: {}, data: { 'text/plain': ['1'] } },
          ],
        },
        { id: 'c', cell_type: 'code', metadata: {}, execution_count: null, source: [], outputs: [] },
      ],
    };
    const markdown = fromIpynb(saved, 'edited.md');
    expect(markdown).toContain('```typescript concept="C05,C06" skip\nconst x = 1;\nx\n```\n\n```output\none\n1\n```');
    expect(markdown).not.toContain('language_info');
    const back = parseNotebook(markdown, 'edited.md');
    expect(back.meta.title).toBe('Edited');
    expect(back.cells.map(({ options, code, expected }) => ({ options, code, output: expected?.text }))).toEqual([
      { options: { concepts: ['C05', 'C06'], skip: true }, code: 'const x = 1;\nx\n', output: 'one\n1\n' },
      { options: { concepts: [] }, code: '', output: undefined },
    ]);
  });

  it('refuses what is not an nbformat 4 notebook, naming the file', () => {
    expect(() => fromIpynb({ cells: [] }, 'x.md')).toThrow(NotebookSyntaxError);
    expect(() => fromIpynb({ nbformat: 3, worksheets: [] }, 'x.md')).toThrow(/^x\.md:1: not an nbformat 4 notebook/);
  });
});
