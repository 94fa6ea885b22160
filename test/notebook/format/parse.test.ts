import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotebook, readNotebook } from '../../../src/notebook/format/parse.ts';
import { expectedFor, NotebookSyntaxError } from '../../../src/notebook/format/types.ts';
import { notebookHeader } from '../../support/notebook-header.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const HEADER =
  '---\njupyter:\n  kernelspec:\n    display_name: TypeScript (dockbook)\n    language: typescript\n' +
  '    name: dockbook\n  dockbook:\n    title: T\n---\n';

describe('parseNotebook on a valid notebook', () => {
  const notebook = readNotebook(join(fixtures, 'valid.md'));

  it('reads the header, and keeps the path and the source as given', () => {
    expect(notebook.path).toBe(join(fixtures, 'valid.md'));
    expect(notebook.source).toBe(readFileSync(join(fixtures, 'valid.md'), 'utf8'));
    expect(notebook.meta).toMatchObject({ title: 'Images and containers', concepts: ['C01', 'C02', 'C03'] });
    expect(notebook.meta.normalizers).toEqual([
      { pattern: 'sha256:[0-9a-f]{64}', replacement: 'sha256:<digest>' },
      { pattern: 'up \\d+ seconds', flags: 'i', replacement: 'up <n> seconds' },
    ]);
  });

  it('finds the typescript cells, with their lines and every option', () => {
    expect(notebook.cells.map((cell) => [cell.index, cell.line, cell.options])).toEqual([
      [1, 27, { concepts: ['C01'], timeout: 60 }],
      [2, 54, { concepts: ['C02', 'C03'], skip: 'needs a registry', hide: true }],
      [3, 58, { concepts: ['C02', 'C03'], raises: 'NOT_FOUND' }],
      [4, 67, { concepts: [], skip: false, hide: true, raises: '/no such (image|container)/i' }],
      [5, 74, { concepts: [], timeout: 5.5 }],
    ]);
  });

  it('runs hidden lines but does not show them', () => {
    const [first] = notebook.cells;
    expect(first!.code).toContain('const docker = await openSession(); // hide\n');
    expect(first!.shown).toBe(
      "import { openSession } from 'dockbook';\nconst result = await docker.run('busybox', ['echo', 'hello']);\n" +
        'console.log(result.stdout);\n',
    );
    expect(notebook.cells[3]!.shown).toBe('await docker.cleanup();\n');
  });

  it('gives each cell its output block, and none to a cell without one', () => {
    expect(notebook.cells.map((cell) => cell.expected?.text)).toEqual([
      'hello\n',
      undefined,
      '[rm] container "no-such-container": no such container\n',
      undefined,
      '```\ninside\n```\n',
    ]);
    expect(notebook.cells.map((cell) => cell.expected?.line)).toEqual([34, undefined, 61, undefined, 79]);
  });

  it('places cells and outputs by offsets: slicing the source gives the whole fence', () => {
    for (const cell of notebook.cells) {
      const fence = notebook.source.slice(cell.start, cell.end);
      expect(fence).toMatch(/^```typescript[^\n]*\n[\s\S]*\n```$/);
      expect(fence).toContain(cell.code);
      expect(notebook.source.slice(0, cell.start).split('\n')).toHaveLength(cell.line);
      if (cell.expected)
        expect(notebook.source.slice(cell.expected.start, cell.expected.end)).toMatch(/^(`{3,})output\n[\s\S]*\n\1$/);
    }
  });

  it('keeps prose, with other-language fences, as Markdown blocks in document order', () => {
    expect(notebook.blocks.map((block) => (block.kind === 'code' ? block.cell.index : block.line))).toEqual([
      23, 1, 38, 2, 3, 65, 4, 72, 5, 85,
    ]);
    const prose = notebook.blocks[2]!;
    expect(prose.kind === 'markdown' && prose.text).toBe(
      'The same with the CLI (an example, not a cell):\n\n```sh .noeval\ndocker run --rm busybox echo hello\n```\n\n' +
        '```console\n$ docker run --rm busybox echo hello\nhello\n```\n\n```dockerfile\nFROM busybox\n' +
        'CMD ["echo", "hello"]\n```\n',
    );
  });

  it('reads the same cells, options and outputs from the file as Jupytext 1.19 writes it back', () => {
    // valid.jupytext.md is valid.md read and written by Jupytext's md format: sorted YAML,
    // bare options first, JSON with spaces.
    const rewritten = readNotebook(join(fixtures, 'valid.jupytext.md'));
    const essence = ({ meta: { title, concepts, normalizers }, cells }: typeof notebook) => ({
      title,
      concepts,
      normalizers,
      cells: cells.map(({ code, shown, options, expected }) => ({ code, shown, options, output: expected?.text })),
    });
    expect(rewritten.source).toContain('```typescript hide concept=["C02", "C03"]');
    expect(essence(rewritten)).toEqual(essence(notebook));
  });

  it('counts lines and offsets the same in a file with CRLF line breaks', () => {
    const source =
      `${HEADER}\n\`\`\`typescript hide\nconsole.log(1); // hide\n\`\`\`\n\n\`\`\`output\n1\n\`\`\`\n`.replaceAll(
        '\n',
        '\r\n',
      );
    const [cell] = parseNotebook(source, 'crlf.md').cells;
    expect(cell).toMatchObject({
      line: 11,
      code: 'console.log(1); // hide\n',
      shown: '',
      expected: { text: '1\n', line: 15 },
    });
    expect(source.slice(cell!.start, cell!.end)).toBe('```typescript hide\r\nconsole.log(1); // hide\r\n```');
    expect(source.slice(cell!.expected!.start, cell!.expected!.end)).toBe('```output\r\n1\r\n```');
  });

  it('reads an empty output block as an empty text', () => {
    const [cell] = parseNotebook(
      `${HEADER}\n\`\`\`typescript\nlet x = 1;\n\`\`\`\n\`\`\`output\n\`\`\``,
      'empty.md',
    ).cells;
    expect(cell!.expected).toMatchObject({ text: '', line: 14 });
  });
});

describe('parseNotebook on a broken notebook', () => {
  const cases: Array<[file: string, line: number, problem: RegExp]> = [
    ['unclosed-fence.md', 13, /```typescript fence opened here is never closed: add a line ```/],
    ['unknown-option.md', 11, /unknown cell option "retries": the options are concept, timeout, skip, raises, hide/],
    ['bad-timeout.md', 11, /timeout must be a number of seconds, e\.g\. timeout=60 \(got "abc"\)/],
    ['bad-concept.md', 13, /"C1" is not a concept ID: IDs are C and two digits/],
    ['bad-json.md', 11, /cannot read the value of concept \(C01\): values are JSON/],
    ['bad-raises.md', 11, /raises must be an error code or a \/regex\//],
    ['orphan-output.md', 13, /this ```output block follows no code cell/],
    [
      'output-after-prose.md',
      17,
      /this ```output block follows no code cell: put it right after its ```typescript cell/,
    ],
    [
      'two-outputs.md',
      19,
      /cell 1 \(line 11\) already has an output block on line 15: keep one ```output block per cell/,
    ],
    ['missing-header.md', 1, /missing the YAML header/],
    ['unclosed-header.md', 1, /YAML header opened here is never closed/],
    ['invalid-yaml.md', 3, /the YAML header is not valid YAML: Flow map/],
    ['key-outside-jupyter.md', 2, /move "title" under jupyter:/],
    ['wrong-kernel.md', 6, /jupyter\.kernelspec must be name: dockbook/],
    ['missing-title.md', 8, /jupyter\.dockbook\.title must name the notebook/],
    ['header-bad-concept.md', 9, /"concept2" is not a concept ID/],
    ['sh-fence.md', 11, /Jupytext opens a ```sh fence as a %%sh code cell.*\.noeval/],
    ['ts-fence.md', 11, /write ```typescript, not ```ts/],
    [
      'nested-cell.md',
      13,
      /a code cell must be a ```typescript fence at the start of a line, outside lists and quotes/,
    ],
  ];

  it.each(cases)('%s: reports file:%i and the problem', (name, line, problem) => {
    const file = join(fixtures, 'errors', name);
    const error = catchError(() => readNotebook(file));
    expect(error).toBeInstanceOf(NotebookSyntaxError);
    expect(error).toMatchObject({ file, line });
    expect(error.problem).toMatch(problem);
    expect(error.message).toBe(`${file}:${line}: ${error.problem}`);
  });
});

function catchError(work: () => unknown): NotebookSyntaxError {
  try {
    work();
  } catch (error) {
    return error as NotebookSyntaxError;
  }
  throw new Error('expected a NotebookSyntaxError');
}

describe('output blocks of one engine', () => {
  const header = notebookHeader('Engines');
  const parse = (body: string) => parseNotebook(`${header}${body}`, 'e.md');

  it('reads a default block and an engine=podman block after it, each with its own line', () => {
    const cell = parse('```typescript\nx\n```\n\n```output\nStep 1/2\n```\n\n```output engine=podman\nSTEP 1/2:\n```\n')
      .cells[0]!;
    expect(cell.expected).toMatchObject({ text: 'Step 1/2\n', line: 15 });
    expect(cell.expected!.engine).toBeUndefined();
    expect(cell.variants?.podman).toMatchObject({ text: 'STEP 1/2:\n', line: 19, engine: 'podman' });
  });

  it('judges each engine by its own block and every other engine by the default', () => {
    const cell = parse('```typescript\nx\n```\n```output\nd\n```\n```output engine=podman\np\n```\n').cells[0]!;
    expect(expectedFor(cell, 'podman')?.text).toBe('p\n');
    expect(expectedFor(cell, 'docker')?.text).toBe('d\n');
    expect(expectedFor(cell, undefined)?.text).toBe('d\n');
  });

  it('refuses an engine block with no default block, a default after one, two for one engine, unknown engines', () => {
    expect(() => parse('```typescript\nx\n```\n```output engine=podman\np\n```\n')).toThrow(
      new RegExp(
        "e\\.md:14: an ```output engine=podman block is what that engine prints instead of the cell's default " +
          '```output block: put the default block',
      ),
    );
    expect(() =>
      parse('```typescript\nx\n```\n```output\nd\n```\n```output engine=podman\np\n```\n```output\nd\n```\n'),
    ).toThrow(/e\.md:20: the default ```output block goes first, before the blocks of one engine \(line 17\)/);
    expect(() =>
      parse(
        '```typescript\nx\n```\n```output\nd\n```\n```output engine=podman\np\n```\n```output engine=podman\nq\n```\n',
      ),
    ).toThrow(/e\.md:20: cell 1 already has an ```output engine=podman block on line 17/);
    expect(() => parse('```typescript\nx\n```\n```output\nd\n```\n```output engine=rkt\np\n```\n')).toThrow(
      /e\.md:17: engine=rkt is not an engine the course knows: write one of docker, podman/,
    );
  });
});
