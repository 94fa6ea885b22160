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

/** The value as console.error prints it (how tslab shows a thrown value), one array item a line. */
function printedLines(value) {
  return inspect(value).split('\n');
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
