import type { OutputEngine } from '../../src/notebook/format/types.ts';

/** The kinds of change the mutation test makes to a notebook's expected outputs. */
export const OUTPUT_CLASSES = [
  'number',
  'word',
  'status',
  'tag',
  'size',
  'duration',
  'identity',
  'port',
  'date',
  'exit',
  'order',
  'line-added',
  'line-removed',
] as const;
/** The kinds of change it makes to the checks in a notebook's code. */
export const CHECK_CLASSES = ['check-literal', 'check-negated', 'check-bound', 'check-code', 'check-pattern'] as const;

export type OutputClass = (typeof OUTPUT_CLASSES)[number];
export type CheckClass = (typeof CHECK_CLASSES)[number];
export type MutantClass = OutputClass | CheckClass;

/** One value changed in one line of an expected block: enough to find its counterpart in the output. */
export interface Spot {
  /** 0-based line of the block. */
  line: number;
  /** Character offsets in that line, before the change. */
  start: number;
  end: number;
  before: string;
  after: string;
  /** Which occurrence of its class the value is in its line (0-based), to find the output's value there. */
  occurrence: number;
}

/** A changed expected block: the verdict must fail the cell with it. */
export interface OutputMutant {
  kind: 'output';
  class: OutputClass;
  /** `notebooks/01-images.md:56`: the changed line of the block. */
  location: string;
  /** 1-based index of the cell among the notebook's code cells. */
  cell: number;
  /** What changed, in words: `119MB → 1190MB`. */
  what: string;
  /** The whole block, changed. */
  expected: string;
  /** The value changed, for a change of one value. */
  spot?: Spot;
  /** For two values made equal: the value the changed one now equals. */
  twin?: Spot;
  /** The engine whose own block (```` ```output engine=NAME ````) is changed; absent for the default block. */
  engine?: OutputEngine;
}

/**
 * How a check call is changed when it runs: another method of `check` with the same arguments,
 * its first argument negated, or one argument transformed. It is plain data, sent to the kernel.
 */
export interface Variant {
  id: string;
  method?: string;
  negate?: boolean;
  arg?: number;
  /** A new constant for `arg`. */
  value?: string | number | boolean;
  /** Replace [0] by [1] in the string `arg`, at `at`. */
  replace?: [string, string];
  at?: number;
  /** A new regex for `arg`: source and flags. */
  regex?: [string, string];
  /** Multiply the number `arg`. */
  times?: number;
  /** Move `between`'s range to just above or just below itself. */
  range?: 'above' | 'below';
}

/** An edit of a cell's code: the same change as a Variant, written into the source. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A changed check: the cell must fail with it. */
export interface CheckMutant {
  kind: 'check';
  class: CheckClass;
  location: string;
  cell: number;
  what: string;
  /** The check call it belongs to (`c3`), shared by the mutants of one call. */
  call: string;
  variant: Variant;
  edits: Edit[];
  /** The call sits in a `try` block, where the cell might catch its failure. */
  inTry: boolean;
}

export type Mutant = OutputMutant | CheckMutant;

/**
 * What became of a mutant: `caught` (the cell fails), `missed` (it still passes: a false claim
 * passed, with why), `equivalent` (the change states nothing false: not counted), `unjudged`
 * (the cell failed without the change, so nothing can be said: not counted).
 */
export interface Outcome {
  mutant: Mutant;
  verdict: 'caught' | 'missed' | 'equivalent' | 'unjudged';
  /** For a miss, an equivalent or an unjudged mutant: the category it falls in. */
  why?: string;
  /** Particulars: the run's value, the distance, the error. */
  detail?: string;
  /** The engines (EngineInfo.kind) whose runs gave the verdict, when the notebook ran on more than one. */
  engines?: string[];
}
