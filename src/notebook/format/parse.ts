import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { decodeNotebook } from './decode.ts';
import { classifyFence, type Fence } from './fences.ts';
import { parseHeader } from './header.ts';
import { readInfoOptions } from './info.ts';
import { isBlank, splitLines, type Lines } from './lines.ts';
import { cellOptions } from './options.ts';
import {
  NotebookSyntaxError,
  OUTPUT_ENGINES,
  type Block,
  type CodeCell,
  type Notebook,
  type OutputEngine,
} from './types.ts';
import { notebookPath } from '../../validate/notebook.ts';
import { string } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** What parseNotebook() takes, checked at its entry. */
export const PARSE_NOTEBOOK_SIGNATURE = signature({
  operation: 'parseNotebook',
  ctx: false,
  params: [
    { name: 'source', shape: string, example: '' },
    { name: 'path', shape: notebookPath, example: 'notebooks/00-example.md' },
  ],
  command: 'dockbook run NOTEBOOK',
});

/** What readNotebook() takes, checked at its entry. */
export const READ_NOTEBOOK_SIGNATURE = signature({
  operation: 'readNotebook',
  ctx: false,
  params: [{ name: 'path', shape: notebookPath, example: 'notebooks/00-example.md' }],
  command: 'dockbook run NOTEBOOK',
});

const markdown = new MarkdownIt();

/** The last cell or output fence seen: its token's position, its cell, the line after it. */
interface Previous {
  token: number;
  cell: CodeCell;
  close: number;
  output: boolean;
}

/** A line of code that runs but is not shown: it ends with the comment `// hide`. */
const HIDDEN_LINE = /\/\/[ \t]*hide[ \t]*\n?$/;

/**
 * Parses a notebook: the YAML header, prose, ```` ```typescript ```` cells with their options,
 * and each cell's ```` ```output ```` block. Line numbers are 1-based; `start`/`end` are
 * offsets into `source` (`source.slice(cell.start, cell.end)` is the cell's fence).
 * Throws NotebookSyntaxError (`file:line: problem`) for anything the runner could misread.
 *
 * @example
 * const notebook = parseNotebook(readFileSync('notebooks/01-images.md', 'utf8'), 'notebooks/01-images.md');
 * notebook.cells[0].options; // { concepts: ['C01'], timeout: 60 }
 * notebook.cells[0].expected?.text; // 'REPOSITORY   TAG …\n'
 */
export function parseNotebook(source: string, path: string): Notebook {
  checkArgs(PARSE_NOTEBOOK_SIGNATURE, arguments);
  const lines = splitLines(source);
  const { meta, body } = parseHeader(lines, path);
  const tokens = markdown.parse(lines.text.slice(body).join('\n'), {});
  const blocks: Block[] = [];
  const cells: CodeCell[] = [];
  let prose = body;
  let previous: Previous | undefined;
  tokens.forEach((token, i) => {
    if (token.type !== 'fence') return;
    const [fence, kind] = classifyFence(token, lines, body, path);
    if (kind === 'cell') {
      addProse(blocks, lines, prose, fence.open);
      const cell = codeCell(fence, lines, cells.length + 1, path);
      cells.push(cell);
      blocks.push({ kind: 'code', cell });
      previous = { token: i, cell, close: fence.close, output: false };
      prose = fence.close;
    } else if (kind === 'output') {
      const cell = attachOutput(fence, lines, previous?.token === i - 1 ? previous : undefined, path);
      previous = { token: i, cell, close: fence.close, output: true };
      prose = fence.close;
    }
  });
  addProse(blocks, lines, prose, lines.text.length);
  return { path, source, meta, blocks, cells };
}

/**
 * Reads and parses a notebook file. The file must be UTF-8 (a byte order mark at the start is
 * accepted and kept): other bytes are a NotebookSyntaxError at the first invalid byte's
 * file:line (see decodeNotebook).
 *
 * @example
 * readNotebook('notebooks/01-images.md').meta.title; // 'Images'
 */
export function readNotebook(path: string): Notebook {
  checkArgs(READ_NOTEBOOK_SIGNATURE, arguments);
  return parseNotebook(decodeNotebook(readFileSync(path), path), path);
}

function codeCell(fence: Fence, lines: Lines, index: number, file: string): CodeCell {
  const fail = (problem: string): never => {
    throw new NotebookSyntaxError(file, fence.open + 1, problem);
  };
  const options = cellOptions(readInfoOptions(fence.rest, fail), fail);
  const code = fence.token.content;
  const shown = code
    .split(/(?<=\n)/)
    .filter((line) => !HIDDEN_LINE.test(line))
    .join('');
  return {
    index,
    line: fence.open + 1,
    code,
    shown,
    options,
    start: lines.starts[fence.open]!,
    end: lines.ends[fence.close - 1]!,
  };
}

/** Gives the cell just before an output fence (only blank lines between) its expected output. */
function attachOutput(fence: Fence, lines: Lines, previous: Previous | undefined, file: string): CodeCell {
  const fail = (problem: string): never => {
    throw new NotebookSyntaxError(file, fence.open + 1, problem);
  };
  if (!previous || !lines.text.slice(previous.close, fence.open).every(isBlank)) {
    return fail(
      'this ```output block follows no code cell: put it right after its ```typescript cell (only blank lines ' +
        'between), or remove it',
    );
  }
  const { cell } = previous;
  const engine = outputEngine(fence, fail);
  const block = {
    text: fence.token.content,
    line: fence.open + 1,
    start: lines.starts[fence.open]!,
    end: lines.ends[fence.close - 1]!,
  };
  if (engine === undefined) {
    if (previous.output) {
      fail(
        cell.variants
          ? `the default \`\`\`output block goes first, before the blocks of one engine (line ` +
              `${Object.values(cell.variants)[0]!.line})`
          : `cell ${cell.index} (line ${cell.line}) already has an output block on line ${cell.expected!.line}: ` +
              `keep one \`\`\`output block per cell (and one \`\`\`output engine=NAME block per engine)`,
      );
    }
    cell.expected = block;
    return cell;
  }
  if (!cell.expected) {
    fail(
      `an \`\`\`output engine=${engine} block is what that engine prints instead of the cell's default ` +
        `\`\`\`output block: put the default block (what every other engine prints) first`,
    );
  }
  const twin = cell.variants?.[engine];
  if (twin) fail(`cell ${cell.index} already has an \`\`\`output engine=${engine} block on line ${twin.line}`);
  cell.variants = { ...cell.variants, [engine]: { ...block, engine } };
  return cell;
}

/** The engine an output fence names (`engine=podman`), refused unless the course knows it; undefined for none. */
function outputEngine(fence: Fence, fail: (problem: string) => never): OutputEngine | undefined {
  const name = /^engine=(\S+)$/.exec(fence.rest.trim())?.[1];
  if (name === undefined) return undefined;
  if (!(OUTPUT_ENGINES as readonly string[]).includes(name)) {
    fail(`engine=${name} is not an engine the course knows: write one of ${OUTPUT_ENGINES.join(', ')}`);
  }
  return name as OutputEngine;
}

/** Adds the prose between two lines (0-based, end excluded) as a Markdown block, trimmed of blank lines. */
function addProse(blocks: Block[], lines: Lines, from: number, to: number): void {
  let first = from;
  let last = to - 1;
  while (first <= last && isBlank(lines.text[first])) first++;
  while (last >= first && isBlank(lines.text[last])) last--;
  if (first <= last)
    blocks.push({ kind: 'markdown', text: `${lines.text.slice(first, last + 1).join('\n')}\n`, line: first + 1 });
}
