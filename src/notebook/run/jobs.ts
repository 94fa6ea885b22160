import { availableParallelism, freemem } from 'node:os';

/**
 * How many notebooks a run runs at once (`dockbook run -j N`, runNotebooks' `jobs`).
 *
 * Each running notebook has a tslab kernel of its own (about 230 MB at its peak: bench/memory.ts) and the containers
 * and builds its cells make on the engine: 512 MiB a notebook leaves room for both. The cells mostly wait on the
 * engine, which does the work, so a notebook per core keeps the cores busy without the kernels' own type-checking
 * and the engine's builds crowding each other out.
 */
export const NOTEBOOK_MEMORY = 512 * 1024 ** 2;

/** What defaultJobs() reads of the machine; each defaults to this one's (os.availableParallelism(), os.freemem()). */
export interface Machine {
  /** The cores this process may use. */
  cores?: number;
  /** Free memory, in bytes. */
  freeBytes?: number;
}

/**
 * The default number of notebooks run at once: one per core, no more than free memory holds at NOTEBOOK_MEMORY each,
 * at least one. On a machine with 2 cores and 24 GiB free, 2.
 *
 * @example
 * defaultJobs({ cores: 8, freeBytes: 2 * 1024 ** 3 }); // 4: memory for four notebooks
 * defaultJobs({ cores: 1, freeBytes: 64 * 1024 ** 3 }); // 1
 */
export function defaultJobs({ cores = availableParallelism(), freeBytes = freemem() }: Machine = {}): number {
  const byMemory = Math.floor(freeBytes / NOTEBOOK_MEMORY);
  return Math.max(1, Math.min(Math.floor(cores), byMemory));
}

/** What `-j` must be, in the words of its error. */
export const JOBS_EXPECTED =
  'a whole number of 1 or more: how many notebooks run at once (-j 1 runs them one at a time)';

/**
 * `-j`'s value as a number, or undefined when it is not a whole number of 1 or more (`0`, `-1`, `abc`, `1.5`).
 *
 * @example
 * parseJobs('3'); // 3
 * parseJobs('0'); // undefined
 */
export function parseJobs(text: string): number | undefined {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}
