import { join } from 'node:path';
import { packageRoot } from '../../paths.ts';

/**
 * The Python program that runs an `.ipynb` with Jupyter's own client, nbclient, as
 * `jupyter nbconvert --execute` does, and records on each cell how its run ended
 * (`metadata.dockbook`): `kernel/nbclient-run.py`, a real file (its header says what it does).
 * Its one argument is JSON: `{ source, target, cwd, kernel, timeout, cleanup, kernel_log, late_error_mime }`.
 */
export const NBCLIENT_SCRIPT = join(packageRoot, 'kernel', 'nbclient-run.py');
