// Preloaded into the tslab kernel (`node --require <this> tslab kernel …`), after
// zeromq-serial-send.cjs.
//
// tslab tells a client that a cell failed, nothing more: it prints the thrown value to stderr
// and answers `status: 'error'`. This preload records the value a cell threw and adds it to
// the failed `execute_reply` as Jupyter's own fields (`ename`, `evalue`, `traceback`, the lines
// tslab printed) and as `dockbook: { thrown: { name, message, code? } }`. Each request runs as
// its cell's work (cell-context.cjs), so an error nothing caught, whenever it lands, is blamed on
// the cell whose code started the work (late-errors.cjs). What a learner sees in Jupyter stays
// as tslab shows it, but for such errors, which come as a display naming the cell they came from.
'use strict';

require('./parent-watch.cjs');
require('./interrupt-signal.cjs');

const Module = require('node:module');
const { join } = require('node:path');
const { cellOf, currentCell, runInCell, settle } = require('./cell-context.cjs');
const { lateErrors } = require('./late-errors.cjs');
const { describeThrown, printedLines } = require('./thrown.cjs');
const { installRichDisplay } = require('./rich-display.cjs');

// A cell is `{ handler, count, threw }`: tslab's handler, its execution count, what it threw.
const late = lateErrors({ currentCell, cellOf });

// The notebook's last step calls this (`await Reflect.get(globalThis, Symbol.for('dockbook.settle'))?.(ms)`)
// before cleaning up: the timers the cells left get to run, and to fail, while it listens.
globalThis[Symbol.for('dockbook.settle')] = settle;

// The running cell's writeDisplayData, as tslab sets it at the start of each request.
const displays = { write: undefined };
// Before the console is captured below and by tslab's main.js: listings show as tables in Jupyter.
installRichDisplay(() => displays.write);

// tslab's executor prints the value a cell threw with `console.error(value)`, called on the
// `{ log, error }` console that main.js hands it, made from the global console's methods when
// the kernel starts. That error method is this one: the value is recorded, and printed as
// printedLines shows it (its frames in the cell's code only), with no frame of this preload.
const globalConsole = console;
const { error: printError, log } = console;
console.error = function error(...args) {
  const cell = currentCell();
  const fromExecutor = this !== globalConsole && this?.error === error && this.log === log && args.length === 1;
  if (cell !== undefined && fromExecutor) cell.threw = { value: args[0] };
  if (fromExecutor) return printError.call(globalConsole, '%s', printedLines(args[0]).join('\n'));
  return printError.apply(globalConsole, args);
};

/** Runs each request in its cell's context, and adds the thrown value to a failed reply. */
function patchTslab(jupyter) {
  const handler = jupyter.JupyterHandlerImpl.prototype;
  const { handleExecute } = handler;
  // tslab queues the request's run (a promise reaction, which keeps this context), so the
  // cell's code runs as its work with no frame of this preload on its stack (`then`, not an
  // `await`, keeps this wrapper out of async stack traces too).
  handler.handleExecute = function (request, ...rest) {
    const cell = { handler: this, count: undefined, threw: undefined };
    return runInCell(cell, () => handleExecute.call(this, request, ...rest)).then((reply) => answer(cell, reply));
  };
  // tslab's run of a request (which it skips for one it aborts) begins by setting this.
  let writeDisplayData = jupyter.lastWriteDisplayData;
  Object.defineProperty(jupyter, 'lastWriteDisplayData', {
    configurable: true,
    enumerable: true,
    get: () => writeDisplayData,
    set(write) {
      writeDisplayData = write;
      displays.write = write;
      const cell = currentCell();
      if (cell === undefined || cell.count !== undefined) return;
      cell.count = cell.handler.execCount + 1;
      late.started(cell, write);
    },
  });
  // tslab adds its own handlers of uncaught errors just before it starts its server.
  const { init } = jupyter.ZmqServer.prototype;
  jupyter.ZmqServer.prototype.init = function (...args) {
    late.silenceOthers();
    return init.apply(this, args);
  };
}

/** The reply to a request, with what its cell threw; late errors wait for the next request. */
async function answer(cell, reply) {
  if (cell.count === undefined) return reply;
  // A promise the cell left rejected is reported after the microtasks: still within the cell.
  await new Promise((resolve) => setImmediate(resolve));
  late.ended(cell);
  if (reply.status !== 'error' || cell.threw === undefined) return reply;
  const { value } = cell.threw;
  const thrown = describeThrown(value);
  return { ...reply, ename: thrown.name, evalue: thrown.message, traceback: printedLines(value), dockbook: { thrown } };
}

// tslab's jupyter.js as its main.js loads it, whichever copy that is (tslab starts the copy
// local to the kernel's folder when there is one).
const patched = new WeakSet();
const load = Module._load;
Module._load = function loadPatchingTslab(request, parent, ...rest) {
  const exported = load.call(this, request, parent, ...rest);
  const fromTslab =
    request === './jupyter' &&
    typeof parent?.filename === 'string' &&
    parent.filename.endsWith(join('tslab', 'dist', 'main.js'));
  if (fromTslab && !patched.has(exported)) {
    patched.add(exported);
    patchTslab(exported);
  }
  return exported;
};
