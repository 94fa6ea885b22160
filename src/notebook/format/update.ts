import { fenced } from './fence.ts';
import { DEFAULT_OUTPUT_ENGINE, OUTPUT_ENGINES, type Notebook, type OutputEngine } from './types.ts';
import { oneOf } from '../../validate/shape.ts';
import { DockbookError } from '../../errors.ts';
import { EXAMPLE_NOTEBOOK, notebook as notebookShape, outputsByCell } from '../../validate/notebook.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** What updateOutputs() takes, checked at its entry. */
export const UPDATE_OUTPUTS_SIGNATURE = signature({
  operation: 'updateOutputs',
  ctx: false,
  params: [
    { name: 'notebook', shape: notebookShape, example: EXAMPLE_NOTEBOOK },
    { name: 'outputs', shape: outputsByCell, example: new Map() },
    { name: 'engine', shape: oneOf(...OUTPUT_ENGINES), optional: true, example: 'docker' },
  ],
  command: 'dockbook update NOTEBOOK',
});

/**
 * The notebook's source with new expected outputs of a run on `engine` (default `docker`, the engine the default
 * blocks are written for): for each cell index (`CodeCell.index`, 1-based) in `outputs`, the block that run is
 * judged by gets the new text: the cell's ```` ```output engine=… ```` block for that engine, else its default
 * block, or a new block after the cell's closing fence (one blank line between) when it had none. A run on another
 * engine never rewrites the default block: where its output differs, a new ```` ```output engine=NAME ```` block is
 * put after the cell's last block. Every other byte stays as it was; a block whose text is unchanged is left
 * untouched. Text with a line of backticks gets a longer fence, which parses back to the same text.
 *
 * @example
 * const updated = updateOutputs(notebook, new Map([[2, 'hello\n']]));
 * parseNotebook(updated, notebook.path).cells[1].expected?.text; // 'hello\n'
 * parseNotebook(updateOutputs(notebook, new Map([[2, 'hi\n']]), 'podman'), notebook.path).cells[1].variants?.podman
 * // { text: 'hi\n', engine: 'podman', … }
 */
export function updateOutputs(
  notebook: Notebook,
  outputs: Map<number, string>,
  engine: OutputEngine = DEFAULT_OUTPUT_ENGINE,
): string {
  checkArgs(UPDATE_OUTPUTS_SIGNATURE, arguments);
  const { source, cells, path } = notebook;
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const [index, text] of outputs) {
    const cell = cells[index - 1];
    if (!cell) {
      throw new DockbookError({
        code: 'INVALID_ARGUMENT',
        operation: 'updateOutputs',
        target: `argument outputs (cell ${index})`,
        reason: `${path} has no code cell ${index} (it has ${cells.length})`,
        hint: 'Key the outputs by CodeCell.index (1-based) of a cell of this notebook.',
        command: 'dockbook update NOTEBOOK',
      });
    }
    const own = cell.variants?.[engine];
    const expected = own ?? cell.expected;
    if (expected && normalize(expected.text) === normalize(text)) continue;
    if (own || !expected || engine === DEFAULT_OUTPUT_ENGINE) {
      const block = fenced(own ? `output engine=${engine}` : 'output', text, eol);
      edits.push(
        expected
          ? { start: expected.start, end: expected.end, text: block }
          : { start: cell.end, end: cell.end, text: `${eol}${eol}${block}` },
      );
    } else {
      const last = Math.max(expected.end, ...Object.values(cell.variants ?? {}).map((v) => v.end));
      edits.push({ start: last, end: last, text: `${eol}${eol}${fenced(`output engine=${engine}`, text, eol)}` });
    }
  }
  edits.sort((a, b) => b.start - a.start);
  return edits.reduce((text, edit) => text.slice(0, edit.start) + edit.text + text.slice(edit.end), source);
}

/** The text as a block holds it: `\n` line breaks and a final one when not empty. */
function normalize(text: string): string {
  const plain = text.replace(/\r\n?/g, '\n');
  return plain === '' || plain.endsWith('\n') ? plain : `${plain}\n`;
}
