import type { LateError } from '../kernel/types.ts';
import type { CellRun } from './judge.ts';

/**
 * Charges errors nothing caught to the runs of the cells they came from, by execution count
 * (`runs`: the notebook's cell runs so far, by their count). One no cell can be blamed for, or
 * whose origin is no notebook cell (the cleanup step), goes to `arrivedIn`: the cell it arrived
 * during, or after the last cell the last run; it is dropped only when no cell ran at all.
 * Returns the runs charged, each once, in the order first charged; the caller judges them again.
 *
 * @example
 * const charged = chargeLateErrors(result.lateErrors, runsByCount, thisRun);
 * for (const run of charged) rejudge(run);
 */
export function chargeLateErrors(
  errors: readonly LateError[],
  runs: ReadonlyMap<number, CellRun>,
  arrivedIn: CellRun | undefined,
): CellRun[] {
  const charged = new Set<CellRun>();
  for (const error of errors) {
    const run = (error.origin === null ? undefined : runs.get(error.origin)) ?? arrivedIn;
    if (run === undefined) continue;
    run.lateErrors.push(error);
    charged.add(run);
  }
  return [...charged];
}
