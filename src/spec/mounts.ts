import { isAbsolute, resolve } from 'node:path';
import { invalid } from './invalid.ts';

/** A `-v` mount: a named volume, an anonymous one, or a bind mount of a host folder. */
export type MountSpec =
  | { type: 'volume'; name: string; target: string; readOnly: boolean }
  | { type: 'anonymous'; target: string; readOnly: boolean }
  | { type: 'bind'; source: string; target: string; readOnly: boolean };

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const MODE = /^(ro|rw)$/;
const HINT = 'Write NAME:/path for a named volume, /abs/host/path:/path for a bind mount, /path for an anonymous volume, and add :ro for read-only.';

/**
 * Parses a `-v` spec. A source that starts with `/`, `./` or `../` is a host folder (a relative
 * one resolves against `cwd`); any other source names a volume; no source is an anonymous volume.
 *
 * @example
 * parseMount('feedback:/app/feedback') // { type: 'volume', name: 'feedback', target: '/app/feedback', readOnly: false }
 */
export function parseMount(spec: string, cwd: string = process.cwd()): MountSpec {
  const parts = spec.split(':');
  let mode = 'rw';
  if (parts.length > 1 && MODE.test(parts[parts.length - 1]!)) mode = parts.pop()!;
  if (parts.length > 2 || parts.some((p) => p === '')) throw invalid('run', spec, 'a mount has at most a source, a target and a mode', HINT);
  const readOnly = mode === 'ro';
  const target = parts.pop()!;
  if (!target.startsWith('/') || target === '/') throw invalid('run', spec, `the container path "${target}" must be absolute and not /`, HINT);
  const source = parts.pop();
  if (source === undefined) return { type: 'anonymous', target, readOnly };
  if (isAbsolute(source) || source.startsWith('./') || source.startsWith('../') || source === '.') {
    return { type: 'bind', source: resolve(cwd, source), target, readOnly };
  }
  if (!VOLUME_NAME.test(source)) throw invalid('run', spec, `"${source}" is neither a host path nor a volume name`, HINT);
  return { type: 'volume', name: source, target, readOnly };
}
