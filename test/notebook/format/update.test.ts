import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotebook, readNotebook } from '../../../src/notebook/format/parse.ts';
import type { Notebook } from '../../../src/notebook/format/types.ts';
import { updateOutputs } from '../../../src/notebook/format/update.ts';
import { notebookHeader } from '../../support/notebook-header.ts';

const notebook = readNotebook(join(import.meta.dirname, 'fixtures', 'valid.md'));

/** Every cell's current expected output, keyed by cell index. */
function currentOutputs(from: Notebook): Map<number, string> {
  return new Map(from.cells.flatMap((cell) => (cell.expected ? [[cell.index, cell.expected.text] as const] : [])));
}

/** The source outside [start, end) of `before` is byte for byte the source outside the change in `after`. */
function expectOnlyChanged(before: string, after: string, start: number, end: number): string {
  const tail = before.length - end;
  expect(after.slice(0, start)).toBe(before.slice(0, start));
  expect(after.slice(after.length - tail)).toBe(before.slice(end));
  return after.slice(start, after.length - tail);
}

describe('updateOutputs', () => {
  it('gives back the same bytes when the outputs are the same', () => {
    expect(updateOutputs(notebook, currentOutputs(notebook))).toBe(notebook.source);
    expect(updateOutputs(notebook, new Map())).toBe(notebook.source);
  });

  it("changes only one cell's output block when one output changes", () => {
    const cell = notebook.cells[0]!;
    const updated = updateOutputs(notebook, new Map([[1, 'hello, world\n']]));
    expect(expectOnlyChanged(notebook.source, updated, cell.expected!.start, cell.expected!.end)).toBe(
      '```output\nhello, world\n```',
    );
    expect(parseNotebook(updated, notebook.path).cells[0]!.expected!.text).toBe('hello, world\n');
  });

  it('adds a block after a cell that had none, one blank line after its closing fence', () => {
    const cell = notebook.cells[1]!;
    const updated = updateOutputs(notebook, new Map([[2, 'pulled']]));
    expect(expectOnlyChanged(notebook.source, updated, cell.end, cell.end)).toBe('\n\n```output\npulled\n```');
    const reparsed = parseNotebook(updated, notebook.path);
    expect(reparsed.cells[1]!.expected).toMatchObject({ text: 'pulled\n', line: 58 });
    expect(reparsed.cells.map((c) => c.options)).toEqual(notebook.cells.map((c) => c.options));
  });

  it('fences output that holds a line of backticks with a longer fence, which parses back', () => {
    const text = 'before\n```\n````\nafter\n';
    const updated = updateOutputs(
      notebook,
      new Map([
        [3, text],
        [4, text],
      ]),
    );
    const reparsed = parseNotebook(updated, notebook.path);
    expect(reparsed.cells[2]!.expected!.text).toBe(text);
    expect(reparsed.cells[3]!.expected!.text).toBe(text);
    expect(updated).toContain('`````output\nbefore\n```\n````\nafter\n`````');
    expect(updateOutputs(reparsed, currentOutputs(reparsed))).toBe(updated);
  });

  it('updates several cells at once and writes an empty output as an empty block', () => {
    const updated = updateOutputs(
      notebook,
      new Map([
        [5, ''],
        [1, 'hi\n'],
        [4, 'done\n'],
      ]),
    );
    const reparsed = parseNotebook(updated, notebook.path);
    expect(reparsed.cells.map((cell) => cell.expected?.text)).toEqual([
      'hi\n',
      undefined,
      notebook.cells[2]!.expected!.text,
      'done\n',
      '',
    ]);
    expect(reparsed.blocks.filter((block) => block.kind === 'markdown')).toEqual(
      notebook.blocks
        .filter((block) => block.kind === 'markdown')
        .map((block) => ({ ...block, line: expect.any(Number) })),
    );
  });

  it("keeps a CRLF file's line breaks in what it writes", () => {
    const source = notebook.source.replaceAll('\n', '\r\n');
    const crlf = parseNotebook(source, 'crlf.md');
    const updated = updateOutputs(
      crlf,
      new Map([
        [1, 'a\nb\n'],
        [2, 'c'],
      ]),
    );
    expect(updated.replaceAll('\r\n', '')).not.toContain('\n');
    expect(
      parseNotebook(updated, 'crlf.md')
        .cells.map((cell) => cell.expected?.text)
        .slice(0, 2),
    ).toEqual(['a\nb\n', 'c\n']);
  });

  it('refuses a cell index the notebook does not have', () => {
    expect(() => updateOutputs(notebook, new Map([[9, 'x']]))).toThrow(/has no code cell 9 \(it has 5\)/);
  });
});

describe('updateOutputs on another engine', () => {
  const source = [
    notebookHeader('Engines'),
    '```typescript',
    'a',
    '```',
    '',
    '```output',
    'docker says',
    '```',
    '',
    '```typescript',
    'b',
    '```',
    '',
    '```output',
    'same',
    '```',
    '',
    '```output engine=podman',
    'podman said',
    '```',
    '',
  ].join('\n');
  const engines = parseNotebook(source, 'e.md');

  it('never rewrites the default block from a Podman run: it adds an engine=podman block after it', () => {
    const updated = updateOutputs(engines, new Map([[1, 'podman says\n']]), 'podman');
    const cell = parseNotebook(updated, 'e.md').cells[0]!;
    expect(cell.expected!.text).toBe('docker says\n');
    expect(cell.variants?.podman?.text).toBe('podman says\n');
    expect(updated).toContain('```output\ndocker says\n```\n\n```output engine=podman\npodman says\n```\n');
  });

  it("rewrites the engine's own block, and adds nothing where the engine prints the default", () => {
    const updated = updateOutputs(
      engines,
      new Map([
        [1, 'docker says\n'],
        [2, 'podman says now\n'],
      ]),
      'podman',
    );
    const [first, second] = parseNotebook(updated, 'e.md').cells;
    expect(first!.variants).toBeUndefined();
    expect(second!.expected!.text).toBe('same\n');
    expect(second!.variants?.podman?.text).toBe('podman says now\n');
  });

  it('rewrites the default block from a Docker run and leaves the Podman block alone', () => {
    const updated = updateOutputs(engines, new Map([[2, 'changed\n']]), 'docker');
    const second = parseNotebook(updated, 'e.md').cells[1]!;
    expect(second.expected!.text).toBe('changed\n');
    expect(second.variants?.podman?.text).toBe('podman said\n');
  });
});
