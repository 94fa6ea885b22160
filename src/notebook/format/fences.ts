import type { Token } from 'markdown-it';
import { CELL_LANGUAGE, isJupyterLanguage } from './languages.ts';
import type { Lines } from './lines.ts';
import { NotebookSyntaxError } from './types.ts';

/** A fence, placed in the file: 0-based first line and the line after its last one. */
export interface Fence {
  token: Token;
  /** The first word of the info string. */
  language: string;
  /** The info string after the language. */
  rest: string;
  open: number;
  close: number;
}

/** What a fence is in a notebook: a code cell, an expected output, or part of the prose. */
export type FenceKind = 'cell' | 'output' | 'prose';

/**
 * Places a markdown-it fence token in the file (its `map` shifted by `offset` lines), checks
 * that it is closed, and says what it is. Only a top-level ```` ```typescript ```` fence at the
 * start of a line is a cell, as Jupytext reads cells; fences Jupytext would turn into cells of
 * another language are refused unless marked `.noeval`.
 *
 * @example
 * classifyFence(token, lines, 7, 'a.md'); // [{ language: 'typescript', rest: ' timeout=60', open: 9, close: 12, … },
 * 'cell']
 */
export function classifyFence(token: Token, lines: Lines, offset: number, file: string): [Fence, FenceKind] {
  const [first, after] = token.map!;
  const info = token.info.trim();
  const language = info.split(/\s/, 1)[0]!;
  const fence: Fence = {
    token,
    language,
    rest: info.slice(language.length),
    open: first + offset,
    close: after + offset,
  };
  const fail = (problem: string): never => {
    throw new NotebookSyntaxError(file, fence.open + 1, problem);
  };
  if (!isClosed(fence, lines))
    fail(
      `the ${token.markup}${language} fence opened here is never closed: add a line ${token.markup} after its last ` +
        `line`,
    );
  const jupytextCell = token.level === 0 && lines.text[fence.open]!.startsWith('```');
  if (language === CELL_LANGUAGE) {
    if (!jupytextCell)
      fail(
        'a code cell must be a ```typescript fence at the start of a line, outside lists and quotes: Jupytext reads ' +
          'only those as cells',
      );
    return [fence, 'cell'];
  }
  if (language.toLowerCase() === CELL_LANGUAGE || language.toLowerCase() === 'ts') {
    fail(
      `write \`\`\`${CELL_LANGUAGE}, not \`\`\`${language}: Jupytext reads only \`\`\`${CELL_LANGUAGE} fences as ` +
        `this notebook's code cells`,
    );
  }
  if (language === 'output') {
    const rest = fence.rest.trim();
    if (rest !== '' && !/^engine=\S+$/.test(rest))
      fail(
        `an \`\`\`output fence takes only engine=NAME (found "${rest}"): write the cell's options on its ` +
          `\`\`\`typescript fence`,
      );
    return [fence, 'output'];
  }
  if (jupytextCell && isJupyterLanguage(language) && !/(^|\s)\.noeval(\s|$)/.test(fence.rest)) {
    fail(
      `Jupytext opens a \`\`\`${language} fence as a %%${language} code cell that Jupyter would run: mark it as an ` +
        `example with .noeval (\`\`\`${language} .noeval), or use another tag such as \`\`\`console or \`\`\`text`,
    );
  }
  return [fence, 'prose'];
}

/** markdown-it runs an unclosed fence to the end of its container: check its last line closes it. */
function isClosed({ token, open, close }: Fence, lines: Lines): boolean {
  if (close - 1 <= open) return false;
  const last = /^(`{3,}|~{3,})[ \t]*$/.exec(lines.text[close - 1]!.replace(/^[ \t>]*/, ''));
  return last !== null && last[1]![0] === token.markup[0] && last[1]!.length >= token.markup.length;
}
