import { relative } from 'node:path';
import type { CodeCell, ExpectedOutput, Notebook, OutputEngine } from '../../src/notebook/format/types.ts';
import { packageRoot } from '../../src/paths.ts';
import { relationChanges } from './relations.ts';
import { blockTokens } from './tokens.ts';
import type { OutputMutant } from './types.ts';
import { occurrenceOf, valueChanges } from './values.ts';

/** A block's lines, without the newline that ends the last one. */
export function blockLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

const blockText = (lines: readonly string[]) => (lines.length ? `${lines.join('\n')}\n` : '');

/** A notebook's path as the report shows it: relative to the project. */
export function shownPath(path: string): string {
  return relative(packageRoot, path) || path;
}

/**
 * Every output mutant of a notebook, in order: for each expected block of each cell (the default
 * block, then each engine's own block; none for `output=ignore`, whose output is not claimed),
 * each value change of each line (values.ts), each relation change of the block (relations.ts),
 * and each line removed, duplicated and swapped with the next. The same notebook always gives the same mutants.
 *
 * @example
 * outputMutants(readNotebook('notebooks/01-images-and-containers.md'))[0];
 * // { kind: 'output', class: 'number', location: 'notebooks/01-images-and-containers.md:56', what: '…', … }
 */
export function outputMutants(notebook: Notebook): OutputMutant[] {
  const mutants: OutputMutant[] = [];
  for (const cell of notebook.cells) {
    if (!cell.expected || cell.options.ignoreOutput) continue;
    const blocks: Array<[OutputEngine | undefined, ExpectedOutput]> = [
      [undefined, cell.expected],
      ...(Object.entries(cell.variants ?? {}) as Array<[OutputEngine, ExpectedOutput]>),
    ];
    for (const [engine, block] of blocks) mutants.push(...blockMutants(notebook, cell, block, engine));
  }
  return mutants;
}

/** The mutants of one expected block of a cell: its default block, or (`engine`) that engine's own block. */
function blockMutants(
  notebook: Notebook,
  cell: CodeCell,
  block: ExpectedOutput,
  engine: OutputEngine | undefined,
): OutputMutant[] {
  const mutants: OutputMutant[] = [];
  const first = block.line + 1;
  const lines = blockLines(block.text);
  const tokens = blockTokens(lines);
  const words = [
    ...new Set(lines.flatMap((line) => line.replace(/<[a-z-]+\d*>/g, ' ').match(/(?<!\w)[A-Za-z]{3,}(?!\w)/g) ?? [])),
  ];
  const mutant = (
    cls: OutputMutant['class'],
    line: number,
    what: string,
    changed: string[],
    extra: Partial<OutputMutant> = {},
  ) =>
    mutants.push({
      kind: 'output',
      class: cls,
      location: `${shownPath(notebook.path)}:${first + Math.min(line, Math.max(lines.length - 1, 0))}`,
      cell: cell.index,
      what,
      expected: blockText(changed),
      ...(engine ? { engine } : {}),
      ...extra,
    });
  const withLine = (i: number, text: string) => lines.map((line, j) => (j === i ? text : line));
  lines.forEach((line, i) => {
    if (line === '...') return;
    for (const change of valueChanges(line, i, tokens[i]!, words)) {
      const { start, end, text } = change.token;
      const spot = {
        line: i,
        start,
        end,
        before: text,
        after: change.after,
        occurrence: occurrenceOf(change, tokens[i]!),
      };
      mutant(
        change.class,
        i,
        `${text} → ${change.after}${change.note ? ` (${change.note})` : ''}`,
        withLine(i, line.slice(0, start) + change.after + line.slice(end)),
        { spot },
      );
    }
  });
  for (const change of relationChanges(tokens)) {
    const { line, start, end, after } = change.spot;
    mutant(
      change.class,
      line,
      change.what,
      withLine(line, lines[line]!.slice(0, start) + after + lines[line]!.slice(end)),
      { spot: change.spot, ...(change.twin ? { twin: change.twin } : {}) },
    );
  }
  lines.forEach((line, i) => {
    mutant(
      'line-removed',
      i,
      `line removed: ${JSON.stringify(line)}`,
      lines.filter((_, j) => j !== i),
    );
    mutant('line-added', i, `line added (a copy of ${JSON.stringify(line)})`, [
      ...lines.slice(0, i + 1),
      line,
      ...lines.slice(i + 1),
    ]);
    if (i + 1 < lines.length)
      mutant('order', i, `lines ${i + 1} and ${i + 2} swapped`, [
        ...lines.slice(0, i),
        lines[i + 1]!,
        line,
        ...lines.slice(i + 2),
      ]);
  });
  if (lines.length === 0) mutant('line-added', 0, 'a line added to an empty block: "done"', ['done']);
  return mutants;
}
