// Which cell's work is running: what AsyncLocalStorage does (each async resource, a promise, a
// timer, a socket, belongs to the cell that was current when it was made), but kept in a
// WeakMap instead of a symbol on each resource, which util.inspect would print under a
// learner's Timeout or Promise. Part of the cell-errors.cjs preload.
'use strict';

const { createHook, executionAsyncResource } = require('node:async_hooks');

const cellOfResource = new WeakMap();
/** The timers cells started, until seen run, cleared or unref'd; pruned when they double. */
const timers = new Set();
let pruneAt = 1024;

/** The cell whose code, or work it started, is running now; undefined outside any cell's. */
function currentCell() {
  return cellOfResource.get(executionAsyncResource());
}

/** The cell a resource (a promise, a Timeout) was made in. */
function cellOf(resource) {
  return resource !== null && typeof resource === 'object' ? cellOfResource.get(resource) : undefined;
}

/** Runs `fn` as `cell`'s work: what it starts, synchronously or not, is the cell's too. */
function runInCell(cell, fn) {
  const resource = executionAsyncResource();
  const outer = cellOfResource.get(resource);
  cellOfResource.set(resource, cell);
  try {
    return fn();
  } finally {
    if (outer === undefined) cellOfResource.delete(resource);
    else cellOfResource.set(resource, outer);
  }
}

/** How many timers the cells started are still to run (an unref'd one does not count). */
function pendingTimers() {
  for (const timer of timers) if (timer._destroyed || !timer.hasRef()) timers.delete(timer);
  return timers.size;
}

/**
 * Waits until the timers the cells started have run, for `ms` at most (an interval never
 * ends), so that what they throw lands before the notebook's cleanup step ends.
 */
async function settle(ms) {
  const deadline = Date.now() + ms;
  while (pendingTimers() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20).unref());
}

createHook({
  init(asyncId, type, triggerAsyncId, resource) {
    const cell = currentCell();
    if (cell === undefined) return;
    cellOfResource.set(resource, cell);
    if (type !== 'Timeout') return;
    timers.add(resource);
    if (timers.size >= pruneAt) pruneAt = Math.max(1024, 2 * pendingTimers());
  },
}).enable();

// With an async hook on, Node numbers every promise under two symbols that util.inspect would
// print (`Promise { 1, [Symbol(async_id_symbol)]: 7, … }`). Set through these accessors, they
// become non-enumerable, so a promise prints as it does without the hook.
for (const symbol of Object.getOwnPropertySymbols(new Promise(() => undefined))) {
  Object.defineProperty(Promise.prototype, symbol, {
    configurable: true,
    get: () => undefined,
    set(value) {
      Object.defineProperty(this, symbol, { value, writable: true, configurable: true, enumerable: false });
    },
  });
}

module.exports = { cellOf, currentCell, runInCell, settle };
