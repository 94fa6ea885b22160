import { resolve } from 'node:path';
import { engineCall, type CallOptions } from '../core/call.ts';
import { resolveContainer } from '../core/resolve.ts';
import { printable, type Printable } from '../display/printable.ts';
import { humanSize } from '../display/units.ts';
import { DockbookError } from '../errors.ts';
import type { Context } from '../core/context.ts';
import { shellQuote } from '../display/shell.ts';
import { invalid } from '../input/invalid.ts';
import { copyIn } from './cp-in.ts';
import { copyOut } from './cp-out.ts';
import { nonEmptyString } from '../validate/shape.ts';
import { CALL_OPTIONS, checkArgs, signature } from '../validate/signature.ts';

export interface CopyResult {
  /** As given. */
  source: string;
  /** As given. */
  destination: string;
  /** Regular files copied. */
  files: number;
  /** Their bytes. */
  bytes: number;
}

/**
 * One side of a cp: `CONTAINER:PATH`, or a host path (any absolute path, and `./x:y`, are host paths).
 *
 * @example
 * splitCopyArg('web:/test') // { container: 'web', path: '/test' }
 */
export function splitCopyArg(arg: string): { container?: string; path: string } {
  const colon = arg.indexOf(':');
  if (arg.startsWith('/') || colon < 0 || arg.startsWith('.')) return { path: arg };
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

/** `dir/.` (or `.`) means "the folder's contents"; the path without it. */
function contents(path: string): { path: string; contentsOnly: boolean } {
  const contentsOnly = path === '.' || path.endsWith('/.');
  return { path: contentsOnly && path !== '.' ? path.slice(0, -2) || '/' : path, contentsOnly };
}

/** What cp() takes, checked at its entry. */
export const CP_SIGNATURE = signature({
  operation: 'cp',
  ctx: true,
  params: [
    { name: 'source', shape: nonEmptyString, example: 'web:/etc/hostname' },
    { name: 'destination', shape: nonEmptyString, example: '.' },
  ],
  options: CALL_OPTIONS,
  command: 'docker cp SRC_PATH DEST_PATH',
});

/**
 * Copies between the host and a container (running or stopped), as `docker cp`: exactly one
 * side is `CONTAINER:PATH` (a name, ID or unique ID prefix; the path starts at the container's
 * root), the other a host path (relative ones start at ctx.cwd). The host is this machine, where
 * dockbook runs, whichever machine the engine runs on: the files cross the wire as an archive.
 * `dir/.` copies the folder's contents; `dir` into an existing folder nests it there; to a path
 * that does not exist the folder is copied as that path (its parent must exist).
 *
 * @example
 * await cp(ctx, 'dummy/.', 'web:/test');  // docker cp dummy/. web:/test
 * await cp(ctx, 'web:/test', 'dummy');    // docker cp web:/test dummy
 */
export async function cp(
  ctx: Context,
  source: string,
  destination: string,
  options: CallOptions = {},
): Promise<Printable<CopyResult>> {
  checkArgs(CP_SIGNATURE, arguments);
  const from = splitCopyArg(source);
  const to = splitCopyArg(destination);
  if ((from.container === undefined) === (to.container === undefined)) {
    throw invalid(
      'cp',
      `${source} ${destination}`,
      'exactly one side must be CONTAINER:PATH and the other a host path',
      'Copy between the host and one container, e.g. cp(ctx, "dummy/.", "web:/test") or cp(ctx, "web:/logs", "logs").',
      `docker cp ${source} ${destination}`,
    );
  }
  const name = (from.container ?? to.container)!;
  const command = `docker cp ${shellQuote(source)} ${shellQuote(destination)}`;
  const meta = {
    operation: 'cp',
    target: `${source} -> ${destination}`,
    command,
    hints: { NOT_FOUND: 'Check both paths: the folder that receives the copy must exist.' },
  };
  const fail = (code: 'INVALID_ARGUMENT' | 'NOT_FOUND', reason: string, hint: string) =>
    new DockbookError({ code, operation: 'cp', target: meta.target, reason, hint, command });
  const id = await resolveContainer(ctx, name, 'cp', options);
  const container = ctx.docker.getContainer(id);
  await engineCall(options, ctx.timeoutMs, { operation: 'cp', target: `container "${name}"`, command }, (signal) =>
    container.inspect({ abortSignal: signal }),
  );
  const inContainer = (path: string) => (path.startsWith('/') ? path : `/${path}`);
  const counts = await engineCall(options, ctx.timeoutMs, meta, (signal) => {
    if (to.container !== undefined) {
      const host = contents(from.path);
      return copyIn(container, { ...host, path: resolve(ctx.cwd, host.path) }, inContainer(to.path), signal, fail);
    }
    const inside = contents(inContainer(from.path));
    const trailing = /[/\\]$/.test(to.path) ? '/' : '';
    return copyOut(
      container,
      { ...inside, path: inside.path.replace(/(.)\/$/, '$1') },
      resolve(ctx.cwd, to.path) + trailing,
      signal,
      fail,
    );
  });
  return printable(
    { source, destination, ...counts },
    (r) =>
      `copied ${r.files} file${r.files === 1 ? '' : 's'} (${humanSize(r.bytes)}) from ${r.source} to ${r.destination}`,
  );
}
