// Required by cell-errors.cjs, so every dockbook kernel loads it.
//
// tslab stops a cell on SIGINT (a cell's timeout, Ctrl-C of a run, Jupyter's interrupt button)
// by rejecting the cell's promise, but the work the cell started goes on: a build would run to
// its end, and the cleanup after it would wait for it. So each SIGINT also aborts the signal
// that every library call in flight listens to (`dockbook`'s deadline() reads it through
// `globalThis[Symbol.for('dockbook.interrupt')]`), and a fresh one serves the cells after it.
'use strict';

let controller = new AbortController();
globalThis[Symbol.for('dockbook.interrupt')] = () => controller.signal;
process.on('SIGINT', () => {
  controller.abort(Object.assign(new Error('the cell was interrupted'), { name: 'AbortError' }));
  controller = new AbortController();
});
