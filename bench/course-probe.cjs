// Preloaded (NODE_OPTIONS=--require) into the Node.js processes of a `dockbook run` that bench/course.ts times: the
// CLI, and each notebook's tslab kernel. It records, one JSON line each, in $BENCH_PROBE_DIR/<pid>.jsonl:
//   - the process: its role (runner or kernel), when Node.js started it, and a kernel's notebook and run label;
//   - each HTTP request it makes with node:http (dockerode's to the engine, and in a kernel the session's Docker proxy
//     forwarding the docker CLI's: `via: "cli"`), from its start until it is closed;
//   - each request made with fetch (a cell's http() to a published port, the registry API);
//   - in a kernel, each time tslab's converter type-checks and compiles a cell (convert()), and its creation.
// It changes nothing the processes do: listeners only, and a wrapper that calls tslab's own functions. Any failure of
// its own is ignored. Without BENCH_PROBE_DIR it does nothing.
'use strict';

const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
  try {
    install(dir);
  } catch {
    // A probe that cannot record leaves the process as it was.
  }
}

function install(folder) {
  const fs = require('node:fs');
  const path = require('node:path');
  const dc = require('node:diagnostics_channel');
  const now = () => performance.timeOrigin + performance.now();
  const argv = process.argv.join(' ');
  const role = /tslab\b.*\bkernel\b/.test(argv) ? 'kernel' : /dockbook(\.js)?\s/.test(`${argv} `) ? 'runner' : '';
  if (!role) return;
  const file = path.join(folder, `${process.pid}.jsonl`);
  const write = (record) => {
    try {
      fs.appendFileSync(file, `${JSON.stringify(record)}\n`);
    } catch {
      // The folder went away: the bench is over.
    }
  };
  write({
    t: 'process',
    role,
    pid: process.pid,
    origin: performance.timeOrigin,
    loaded: now(),
    ...(role === 'kernel' ? { notebook: process.env.DOCKBOOK_NOTEBOOK, run: process.env.DOCKBOOK_RUN } : {}),
  });

  // The docker CLI's requests, which the session's proxy forwards with their headers as it got them (a raw list, which
  // only the request's head shows), say who sent them.
  const fromCli = (request) =>
    /^docker-client\//i.test(String(request.getHeader?.('user-agent') ?? '')) ||
    /\r\nuser-agent: docker-client\//i.test(typeof request._header === 'string' ? request._header : '');
  dc.subscribe('http.client.request.start', ({ request }) => {
    const start = now();
    request.once('close', () =>
      write({
        t: 'http',
        method: request.method,
        path: request.path,
        socket: request.socketPath ?? `${request.host}`,
        ...(fromCli(request) ? { via: 'cli' } : {}),
        start,
        end: now(),
      }),
    );
  });

  const fetches = new WeakMap();
  const fetched = ({ request }) => {
    const start = fetches.get(request);
    if (start === undefined) return;
    fetches.delete(request);
    write({ t: 'fetch', method: request.method, origin: request.origin, path: request.path, start, end: now() });
  };
  dc.subscribe('undici:request:create', ({ request }) => fetches.set(request, now()));
  dc.subscribe('undici:request:trailers', fetched);
  dc.subscribe('undici:request:error', fetched);

  if (role !== 'kernel') return;
  // tslab's converter, as tslab's main.js loads it (whichever copy: see kernel/cell-errors.cjs).
  const Module = require('node:module');
  const load = Module._load;
  const patched = new WeakSet();
  Module._load = function loadTimingTslab(request, parent, ...rest) {
    const exported = load.call(this, request, parent, ...rest);
    const fromTslab =
      request === './converter' &&
      typeof parent?.filename === 'string' &&
      parent.filename.endsWith(path.join('tslab', 'dist', 'main.js'));
    if (fromTslab && !patched.has(exported) && typeof exported.createConverter === 'function') {
      patched.add(exported);
      const { createConverter } = exported;
      exported.createConverter = function timedConverter(...args) {
        const start = now();
        const converter = createConverter.apply(this, args);
        write({ t: 'converter', start, end: now() });
        const { convert } = converter;
        converter.convert = function timedConvert(...input) {
          const begun = now();
          try {
            return convert.apply(this, input);
          } finally {
            write({ t: 'convert', start: begun, end: now(), chars: String(input[1] ?? '').length });
          }
        };
        return converter;
      };
    }
    return exported;
  };
}
