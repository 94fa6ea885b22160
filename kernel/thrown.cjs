// What a thrown value was, in the terms dockbook judges: shared by cell-errors.cjs and late-errors.cjs.
'use strict';

const { inspect } = require('node:util');

/**
 * The name, message and string `code` of a thrown value: a DockbookError gives
 * `{ name: 'DockbookError', message: '[rm] …', code: 'NOT_FOUND' }`, a CheckFailure
 * `{ name: 'CheckFailure', message: 'claim failed: …' }`. A value that is not an object has
 * no name (`throw 'x'` gives `{ name: '', message: 'x' }`).
 */
function describeThrown(value) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function'))
    return { name: '', message: String(value) };
  const name = read(value, 'name');
  const message = read(value, 'message');
  const code = read(value, 'code');
  const made = read(value, 'constructor');
  return {
    name: typeof name === 'string' ? name : typeof made === 'function' ? String(made.name) : '',
    message: typeof message === 'string' ? message : inspect(value),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/**
 * A thrown value as the learner needs it, one array item a line: util.inspect's form, with the
 * stack frames inside the cell's code kept and those of tslab, Node's vm and node_modules (a
 * dozen lines none of them wrote) left out. A DockbookError prints as its own three lines.
 * `DOCKBOOK_DEBUG=1` keeps every frame.
 */
function printedLines(value) {
  const lines = inspect(value).split('\n');
  if (debugging()) return lines;
  return lines.filter((line) => !(FRAME.test(line) && !CELL_FRAME.test(line)) && !ELIDED.test(line));
}

const FRAME = /^\s+at /;
const CELL_FRAME = /evalmachine\.<anonymous>/;
const ELIDED = /^\s+\.\.\. \d+ lines matching cause stack trace \.\.\.$/;

/** `DOCKBOOK_DEBUG` set to anything but '' or '0', as dockbook's errors read it. */
function debugging() {
  const value = process.env.DOCKBOOK_DEBUG;
  return value !== undefined && value !== '' && value !== '0';
}

/** A property, or undefined when reading it throws (a revoked Proxy, a throwing getter). */
function read(value, key) {
  try {
    return value[key];
  } catch {
    return undefined;
  }
}

module.exports = { describeThrown, printedLines };
