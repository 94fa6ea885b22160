/** A notebook file, parsed: its metadata, its prose and code in order, and where each part sits. */
export interface Notebook {
  /** The file's path, as given. */
  path: string;
  /** The file's text, exactly as read. */
  source: string;
  meta: NotebookMeta;
  /** Prose and code cells in document order (what the guide renders). */
  blocks: Block[];
  /** The code cells alone, in order. */
  cells: CodeCell[];
}

/** The YAML header: Jupytext's `jupyter` section plus dockbook's own keys. */
export interface NotebookMeta {
  title: string;
  /** Concept IDs the notebook covers, e.g. `['C01', 'C02']`. */
  concepts: string[];
  /** Extra normalizers for this notebook's outputs: a regex (source text) and its replacement. */
  normalizers: Array<{ pattern: string; flags?: string; replacement: string }>;
  /** The whole header as parsed, for export. */
  raw: Record<string, unknown>;
}

export type Block = { kind: 'markdown'; text: string; line: number } | { kind: 'code'; cell: CodeCell };

/** Options in a code fence's info string: ```` ```typescript concept="C12" timeout=60 ````. */
export interface CellOptions {
  /** The concepts this cell proves. */
  concepts: string[];
  /** Seconds before the cell is interrupted. */
  timeout?: number;
  /** Skip the cell; a string gives the reason. */
  skip?: boolean | string;
  /** The cell must fail with this: an error code (`NOT_FOUND`) or `/a regex/` over the error text. */
  raises?: string;
  /** The whole cell runs but is not shown in the guide. */
  hide?: boolean;
  /** `output="ignore"`: what the cell prints is not part of its claim; the guide says so. */
  ignoreOutput?: boolean;
}

export interface CodeCell {
  /** 1-based position among the notebook's code cells. */
  index: number;
  /** 1-based line of the opening fence. */
  line: number;
  /** The code the kernel runs (hidden lines included). */
  code: string;
  /** The code the guide shows: without lines marked `// hide`. */
  shown: string;
  options: CellOptions;
  /** The expected output block right after the cell, if any: what every engine prints unless it has its own. */
  expected?: ExpectedOutput;
  /**
   * Expected outputs of one engine each (```` ```output engine=podman ```` blocks after the default block), where an
   * engine really prints something else. A run on that engine is judged by its block; every other engine by
   * `expected`.
   */
  variants?: Partial<Record<OutputEngine, ExpectedOutput>>;
  /** Character offsets of the code fence in `source` (opening ``` to the end of the closing fence line). */
  start: number;
  end: number;
}

/** The engines an output block may be written for (`EngineInfo.kind`). */
export const OUTPUT_ENGINES = ['docker', 'podman'] as const;
export type OutputEngine = (typeof OUTPUT_ENGINES)[number];
/** The engine a cell's default ```` ```output ```` block is written for: what `dockbook update` rewrites it from. */
export const DEFAULT_OUTPUT_ENGINE: OutputEngine = 'docker';

/**
 * The expected output a run on `engine` is judged by: the cell's block for that engine, else its default block.
 *
 * @example
 * expectedFor(cell, 'podman')?.text; // the ```output engine=podman block's text, or the default block's
 */
export function expectedFor(cell: CodeCell, engine: string | undefined): ExpectedOutput | undefined {
  return (engine !== undefined ? cell.variants?.[engine as OutputEngine] : undefined) ?? cell.expected;
}

export interface ExpectedOutput {
  /** The block's text (without the fences), with a final newline when not empty. */
  text: string;
  /** 1-based line of the opening ```output fence. */
  line: number;
  /** The engine the block is written for (`engine=podman`); absent for the default block. */
  engine?: OutputEngine;
  /** Character offsets of the whole output fence in `source`. */
  start: number;
  end: number;
}

/** A problem in a notebook file, reported as file:line. */
export class NotebookSyntaxError extends Error {
  override readonly name = 'NotebookSyntaxError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}
