// Required by cell-errors.cjs, so every dockbook kernel loads it.
//
// A kernel must never outlive the process that started it (dockbook's runner, Jupyter): an
// orphan would go on building and starting containers that nobody's cleanup will remove. So
// the kernel checks twice a second that its parent is still there, and ends itself (exit code
// 129, as for SIGHUP) when it is not. What it made carries its session's labels with this
// process as owner, so the next start's sweep, or `dockbook clean`, removes it.
'use strict';

const parent = process.ppid;
const watch = setInterval(() => {
  if (process.ppid !== parent) process.exit(129);
}, 500);
watch.unref();
