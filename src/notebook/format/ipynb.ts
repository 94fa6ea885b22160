import { basename } from 'node:path';
import { stringify } from 'yaml';
import { fenced } from './fence.ts';
import { writeInfoOptions } from './info.ts';
import { CELL_LANGUAGE } from './languages.ts';
import { CELL_OPTION_KEYS, optionsMetadata } from './options.ts';
import { NotebookSyntaxError, type CodeCell, type Notebook } from './types.ts';
import { EXAMPLE_NOTEBOOK, notebook as notebookShape, notebookPath, outputsByCell } from '../../validate/notebook.ts';
import { shape } from '../../validate/shape.ts';
import { checkArgs, signature } from '../../validate/signature.ts';

/** What toIpynb() takes, checked at its entry. */
export const TO_IPYNB_SIGNATURE = signature({
  operation: 'toIpynb',
  ctx: false,
  params: [
    { name: 'notebook', shape: notebookShape, example: EXAMPLE_NOTEBOOK },
    { name: 'outputs', shape: outputsByCell, optional: true, example: new Map() },
  ],
  command: 'dockbook export NOTEBOOK',
});

/**
 * What fromIpynb() takes, checked at its entry: any object (one that is not an nbformat 4 notebook is a
 * NotebookSyntaxError at `path`).
 */
export const FROM_IPYNB_SIGNATURE = signature({
  operation: 'fromIpynb',
  ctx: false,
  params: [
    {
      name: 'ipynb',
      shape: shape('a parsed .ipynb (an object: JSON.parse(text))', (v) => v !== null && typeof v === 'object'),
      example: { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] },
    },
    { name: 'path', shape: notebookPath, example: 'notebooks/00-example.md' },
  ],
  command: 'dockbook import NOTEBOOK.ipynb',
});

type Multiline = string | string[];

/** An nbformat 4.5 notebook, as much of it as dockbook writes and reads. */
export interface Ipynb {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: IpynbCell[];
}

export type IpynbCell =
  | { id: string; cell_type: 'markdown' | 'raw'; metadata: Record<string, unknown>; source: Multiline }
  | {
      id: string;
      cell_type: 'code';
      metadata: Record<string, unknown>;
      source: Multiline;
      execution_count: number | null;
      outputs: IpynbOutput[];
    };

export type IpynbOutput =
  | { output_type: 'stream'; name: string; text: Multiline }
  | {
      output_type: 'execute_result' | 'display_data';
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      execution_count?: number | null;
    }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

const LANGUAGE_INFO = { name: CELL_LANGUAGE, file_extension: '.ts', mimetype: 'text/typescript' };
const KERNELSPEC = { name: 'dockbook', display_name: 'TypeScript (dockbook)', language: CELL_LANGUAGE };

/**
 * The notebook as an nbformat 4.5 `.ipynb`: prose as Markdown cells, each code cell with its
 * full code (hidden lines too, so Jupyter runs what the runner runs), its options as cell
 * metadata (as Jupytext reads them, plus the `raises-exception` and `skip-execution` tags
 * nbclient honours) and its output as a stdout stream: `outputs.get(cell.index)`
 * when given, else the expected block. Cell IDs come from the file name and position, so they
 * are stable from one export to the next. Notebook metadata is the header's `jupyter` section
 * (kernelspec, `dockbook`) plus `language_info`.
 *
 * @example
 * writeFileSync('01-images.ipynb', JSON.stringify(toIpynb(readNotebook('notebooks/01-images.md')), null, 1));
 */
export function toIpynb(notebook: Notebook, outputs: Map<number, string> = new Map()): Ipynb {
  checkArgs(TO_IPYNB_SIGNATURE, arguments);
  const jupyter = (notebook.meta.raw as { jupyter: Record<string, unknown> }).jupyter;
  const stem =
    basename(notebook.path)
      .replace(/\.[^.]*$/, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .slice(0, 48) || 'cell';
  const cells = notebook.blocks.map((block, position): IpynbCell => {
    const id = `${stem}-${position + 1}`;
    if (block.kind === 'markdown')
      return { id, cell_type: 'markdown', metadata: {}, source: multiline(withoutFinalBreak(block.text)) };
    return codeCell(block.cell, id, outputs.get(block.cell.index) ?? block.cell.expected?.text);
  });
  return { nbformat: 4, nbformat_minor: 5, metadata: { ...jupyter, language_info: LANGUAGE_INFO }, cells };
}

/**
 * The Markdown notebook for an `.ipynb` (one edited in Jupyter, or made by toIpynb): the
 * header from its metadata (without `language_info`), Markdown cells as prose, code cells as
 * ```` ```typescript ```` fences with their known options, and an ```` ```output ```` block
 * from their stream and `text/plain` outputs. Throws NotebookSyntaxError at `path` when the
 * object is not an nbformat 4 notebook.
 *
 * @example
 * writeFileSync('notebooks/01-images.md', fromIpynb(JSON.parse(readFileSync('01-images.ipynb', 'utf8')),
 * 'notebooks/01-images.md'));
 */
export function fromIpynb(ipynb: object, path: string): string {
  checkArgs(FROM_IPYNB_SIGNATURE, arguments);
  const { nbformat, cells, metadata = {} } = ipynb as Partial<Ipynb>;
  if (nbformat !== 4 || !Array.isArray(cells)) {
    throw new NotebookSyntaxError(
      path,
      1,
      'not an nbformat 4 notebook (it needs "nbformat": 4 and a "cells" list): save it from Jupyter as .ipynb',
    );
  }
  const { language_info: _languageInfo, ...kept } = metadata;
  const parts = [`---\n${stringify({ jupyter: { ...kept, kernelspec: kept.kernelspec ?? KERNELSPEC } })}---`];
  for (const cell of cells) {
    const source = join(cell.source);
    if (cell.cell_type === 'code') {
      const options = writeInfoOptions(
        Object.fromEntries(
          CELL_OPTION_KEYS.filter((key) => key in cell.metadata).map((key) => [key, cell.metadata[key]]),
        ),
      );
      parts.push(fenced(options ? `${CELL_LANGUAGE} ${options}` : CELL_LANGUAGE, source));
      const output = outputText(cell.outputs);
      if (output !== undefined) parts.push(fenced('output', output));
    } else if (cell.cell_type === 'raw') {
      parts.push(`<!-- #raw -->\n${source}\n<!-- #endraw -->`);
    } else if (source.trim() !== '') {
      parts.push(withoutFinalBreak(source));
    }
  }
  return `${parts.join('\n\n')}\n`;
}

function codeCell(cell: CodeCell, id: string, output: string | undefined): IpynbCell {
  return {
    id,
    cell_type: 'code',
    metadata: { ...optionsMetadata(cell.options), ...jupyterTags(cell.options) },
    source: multiline(withoutFinalBreak(cell.code)),
    execution_count: output === undefined ? null : cell.index,
    outputs: output === undefined ? [] : [{ output_type: 'stream', name: 'stdout', text: multiline(output) }],
  };
}

/**
 * The tags Jupyter's own client acts on, so `jupyter nbconvert --execute` runs the notebook as
 * `dockbook run` does: a `raises=` cell may fail (`raises-exception`), a `skip` cell is not run
 * (`skip-execution`).
 */
function jupyterTags({ raises, skip }: CodeCell['options']): { tags?: string[] } {
  const tags = [...(raises ? ['raises-exception'] : []), ...(skip ? ['skip-execution'] : [])];
  return tags.length > 0 ? { tags } : {};
}

/** Streams and `text/plain` results, in order; undefined when the cell shows no text. */
function outputText(outputs: IpynbOutput[] = []): string | undefined {
  const texts = outputs.flatMap((output) => {
    if (output.output_type === 'stream') return [join(output.text)];
    if (output.output_type === 'error') return [];
    const plain = output.data['text/plain'];
    return plain === undefined ? [] : [join(plain as Multiline)];
  });
  return texts.length === 0
    ? undefined
    : texts.map((text) => (text === '' || text.endsWith('\n') ? text : `${text}\n`)).join('');
}

/** nbformat's multi-line string: lines that keep their line breaks. */
function multiline(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

function join(text: Multiline): string {
  return Array.isArray(text) ? text.join('') : text;
}

function withoutFinalBreak(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}
