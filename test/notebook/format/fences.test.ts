import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/notebook/format/parse.ts';

const HEADER =
  '---\njupyter:\n  kernelspec:\n    display_name: TypeScript (dockbook)\n    language: typescript\n' +
  '    name: dockbook\n  dockbook:\n    title: T\n---\n\n';
const parse = (body: string) => parseNotebook(HEADER + body, 'f.md');

describe('which fences are cells (classifyFence, through parseNotebook)', () => {
  it('takes a longer backtick fence as a cell, as Jupytext does', () => {
    const [cell] = parse('````typescript timeout=3\nconst s = `\n```\n`;\n````\n').cells;
    expect(cell).toMatchObject({ line: 11, code: 'const s = `\n```\n`;\n', options: { timeout: 3 } });
  });

  it('leaves fences in other languages, plain fences and .noeval examples in the prose', () => {
    const notebook = parse('```\nplain\n```\n\n```js .noeval\nx()\n```\n\n```yaml\na: 1\n```\n');
    expect(notebook.cells).toEqual([]);
    expect(notebook.blocks).toHaveLength(1);
  });

  it('refuses a cell Jupytext would not see: tildes, indented, in a quote', () => {
    for (const body of ['~~~typescript\nx\n~~~\n', '  ```typescript\n  x\n  ```\n', '> ```typescript\n> x\n> ```\n']) {
      expect(() => parse(body)).toThrow(/^f\.md:11: a code cell must be a ```typescript fence at the start of a line/);
    }
  });

  it('refuses TypeScript spelled otherwise, and fences Jupytext would run as magics', () => {
    expect(() => parse('```TypeScript\nx\n```\n')).toThrow('f.md:11: write ```typescript, not ```TypeScript');
    expect(() => parse('```python\nprint(1)\n```\n')).toThrow(
      /^f\.md:11: Jupytext opens a ```python fence as a %%python code cell/,
    );
  });

  it('refuses options on an output fence other than engine=NAME', () => {
    expect(() => parse('```typescript\nx\n```\n```output timeout=3\n1\n```\n')).toThrow(
      'f.md:14: an ```output fence takes only engine=NAME (found "timeout=3")',
    );
    expect(() => parse('```typescript\nx\n```\n```output engine=podman timeout=3\n1\n```\n')).toThrow(
      'f.md:14: an ```output fence takes only engine=NAME (found "engine=podman timeout=3")',
    );
  });

  it('finds an unclosed fence anywhere, in prose or in a quote', () => {
    expect(() => parse('```dockerfile\nFROM busybox\n')).toThrow(
      'f.md:11: the ```dockerfile fence opened here is never closed',
    );
    expect(() => parse('> ~~~\n> quoted\n\nafter\n')).toThrow('f.md:11: the ~~~ fence opened here is never closed');
    expect(parse('> ```\n> quoted\n> ```\n').blocks).toHaveLength(1);
  });
});
