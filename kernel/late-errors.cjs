// Errors nothing caught (a throw in a timer or callback, a promise rejected with nobody to
// handle it) are blamed on the cell whose code started the work, whenever they land, and are
// shown to whichever cell runs, as a display that dockbook's clients take out of its outputs.
// Part of the cell-errors.cjs preload.
'use strict';

const { inspect } = require('node:util');
const { describeThrown } = require('./thrown.cjs');

/** A late error's display carries this MIME type, its data `{ origin, kind, thrown, text }`. */
const LATE_ERROR_MIME = 'application/vnd.dockbook.late-error+json';
const EVENTS = { uncaughtException: 'uncaught-exception', unhandledRejection: 'unhandled-rejection' };

/**
 * Installs the process's handlers of errors nothing caught, blaming each on a cell (`{ count }`,
 * its execution count): `currentCell()` the one whose work is running, `cellOf(promise)` the
 * one a promise was made in. A late error is published at once to the execute request that is
 * running, else to the next one when it starts: a request that ended has no client listening.
 */
function lateErrors({ currentCell, cellOf }) {
  const waiting = [];
  /** The running request: its cell and its display writer (tslab's writeDisplayData). */
  let running;
  /** A throw from a queueMicrotask callback, whose handler runs outside the cell's context. */
  let microtask;

  const flush = () => {
    if (running === undefined) return;
    for (const error of waiting.splice(0)) running.write(display(error, running.cell.count));
  };
  const handlers = Object.fromEntries(
    Object.entries(EVENTS).map(([event, kind]) => [
      event,
      (value, promise) => {
        const cell = cellOf(promise) ?? currentCell() ?? (microtask?.value === value ? microtask.cell : undefined);
        waiting.push({ origin: cell?.count ?? null, kind, value });
        flush();
      },
    ]),
  );
  for (const [event, handler] of Object.entries(handlers)) process.on(event, handler);
  tagMicrotasks(currentCell, (failure) => (microtask = failure));

  return {
    /** A request began running `cell`: late errors waiting for one go to it. */
    started(cell, write) {
      running = { cell, write };
      flush();
    },
    /** The request that ran `cell` is answered: late errors now wait for the next one. */
    ended(cell) {
      if (running?.cell === cell) running = undefined;
    },
    /** Removes every other handler of these events (tslab's print the same error to stderr). */
    silenceOthers() {
      for (const event of Object.keys(EVENTS)) {
        for (const listener of process.listeners(event))
          if (listener !== handlers[event]) process.removeListener(event, listener);
      }
    },
  };
}

/** queueMicrotask callbacks remember their cell, for a throw there to be blamed on it. */
function tagMicrotasks(currentCell, failed) {
  const queue = globalThis.queueMicrotask;
  globalThis.queueMicrotask = function queueMicrotask(callback) {
    const cell = currentCell();
    if (cell === undefined || typeof callback !== 'function') return queue(callback);
    return queue(() => {
      try {
        callback();
      } catch (value) {
        failed({ value, cell });
        throw value;
      }
    });
  };
}

/** The display of a late error: its data for dockbook, a short text for a person in Jupyter. */
function display({ origin, kind, value }, receiving) {
  const thrown = describeThrown(value);
  const text = inspect(value);
  const what = kind === 'uncaught-exception' ? 'an uncaught exception' : 'an unhandled promise rejection';
  const whose =
    origin === null
      ? 'from work no cell can be blamed for'
      : origin === receiving
        ? 'from work this cell started'
        : `from work cell [${origin}] started, after that cell had finished`;
  return {
    data: {
      [LATE_ERROR_MIME]: { origin, kind, thrown, text },
      'text/plain': `Error nothing caught (${what}), ${whose}:\n${text}`,
    },
    metadata: {},
    transient: {},
  };
}

module.exports = { lateErrors, LATE_ERROR_MIME };
