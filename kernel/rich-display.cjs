// Preloaded with cell-errors.cjs. In Jupyter (a kernel that dockbook's runner did not start,
// so DOCKBOOK_RUN is unset), a value with a rich form, such as a listing (ps, images, volumes,
// history, build steps), shows as that form: `console.log(listing)`, or a listing as a cell's
// last expression (tslab prints that with console.log), becomes one display with an HTML table
// and its text beside it. Under the runner nothing changes: cells print text, which is what
// the verdict compares.
'use strict';

/** A value's rich form: a method returning a MIME bundle (`{ 'text/html': …, 'text/plain': … }`). */
const MIME_BUNDLE = Symbol.for('dockbook.mimeBundle');

/**
 * Wraps console.log so that a single value with a rich form is displayed through
 * `write(message)` (tslab's writeDisplayData for the running cell) instead of printed. Does
 * nothing under dockbook's runner.
 */
function installRichDisplay(currentWrite, env = process.env) {
  if (env.DOCKBOOK_RUN !== undefined) return;
  const { log } = console;
  console.log = function richLog(...args) {
    const bundle = args.length === 1 ? bundleOf(args[0]) : undefined;
    const write = currentWrite();
    if (bundle && write) {
      write({ data: bundle, metadata: {}, transient: {} }, false);
      return;
    }
    return log.apply(this, args);
  };
}

/** The value's MIME bundle when it has one with string entries, else undefined (never throws). */
function bundleOf(value) {
  try {
    const method = value?.[MIME_BUNDLE];
    if (typeof method !== 'function') return undefined;
    const bundle = method.call(value);
    const entries = Object.entries(bundle ?? {});
    return entries.length > 0 && entries.every(([, v]) => typeof v === 'string') ? bundle : undefined;
  } catch {
    return undefined;
  }
}

module.exports = { installRichDisplay, MIME_BUNDLE };
