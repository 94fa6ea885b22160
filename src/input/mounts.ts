import { posix, resolve } from 'node:path';
import { shellQuote } from '../display/shell.ts';
import { invalid } from './invalid.ts';
import { volumeNameProblem } from './names.ts';
import { string } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/**
 * What parseMount() takes, checked at its entry. The spec's grammar is the parser's to judge (with the CLI's words);
 * the signature only refuses what is not text at all.
 */
export const PARSE_MOUNT_SIGNATURE = signature({
  operation: 'parseMount',
  ctx: false,
  params: [
    { name: 'spec', shape: string, example: 'data:/data' },
    { name: 'cwd', shape: string, optional: true, example: '/tmp' },
    { name: 'command', shape: string, optional: true, example: 'docker run -v data:/data IMAGE' },
  ],
  command: 'docker run -v data:/data IMAGE',
});

/*
 * `-v` as docker CLI 28.2 reads it (cli/compose/loader ParseVolume: a spec with a source goes to
 * HostConfig.Binds as written, a relative source starting with "." made absolute; one without goes
 * to Config.Volumes) and engine 20.10 then parses every bind (volume/mounts linux_parser.go
 * ParseMountRaw), checked with `docker create -v SPEC busybox`:
 *
 * | spec                               | CLI + engine                                   | dockbook |
 * |------------------------------------|------------------------------------------------|----------|
 * | /data                              | anonymous volume at /data, RW                  | same     |
 * | /data:ro, /data:rw, /data:z, /data:nocopy | invalid volume specification (a 2-part spec whose 2nd part is a mode) |
 *   refused |
 * | name:/d, name:/d:ro                | named volume (created if missing), RW / RO     | same     |
 * | /host:/d[:MODE], ./x:/d, .:/d, ..:/d, .x:/d | bind mount; "."-relative sources resolved against the cwd | same |
 * | MODE = comma list, at most one of each: ro|rw, z|Z, private|rprivate|shared|rshared|slave|rslave, nocopy,
 *   consistent|cached|delegated | ok | same |
 * | /h:/d:RO, /h:/d:foo, /h:/d:ro,rw, /h:/d:z,Z, /h:/d:ro,, /h:/d:copy | invalid mode          | refused  |
 * | /h:/d:nocopy                       | invalid: bind takes no VolumeOptions           | refused  |
 * | name:/d:rshared                    | invalid: volume takes no BindOptions           | refused  |
 * | :/d, a:/b:, /h:/d:                 | empty section between colons                   | refused  |
 * | /a:/b:ro:x                         | too many colons                                | refused  |
 * | /h:/, /h:relative                  | destination can't be '/'; mount path must be absolute | refused |
 * | x:/d (1 char), _a:/d, -a:/d, "bad name!:/d", ~/x:/d | volume name too short / invalid characters | refused |
 * | a:/data, a:b (1 letter, 2 parts)   | CLI: a Windows drive, anonymous volume at "a:/data" | REFUSED (name too short)
 *   |
 * | /, relative, ab                    | CLI: anonymous volume at "/", "relative", "a:b" | REFUSED (container path must
 *   be absolute, not /) |
 * | -v /h:/d -v /h:/d                  | one bind (the CLI keeps each spec once)        | same     |
 * | -v v1:/d -v /h:/d, /h:/d + /h:/d/  | Duplicate mount point: /d                      | refused  |
 * | -v /d -v /h:/d                     | the bind wins                                  | same     |
 */

/** A `-v` mount: a named volume, an anonymous one, or a bind mount of a host folder. */
export type MountSpec =
  | { type: 'volume'; name: string; target: string; readOnly: boolean; mode: string; bind: string }
  | { type: 'anonymous'; target: string; readOnly: false; mode: '' }
  | { type: 'bind'; source: string; target: string; readOnly: boolean; mode: string; bind: string };

const HINT =
  'Write NAME:/path for a named volume, /abs/host/path:/path or ./rel/path:/path for a bind mount, /path for an ' +
  'anonymous volume (no mode), and add :ro (or other modes: z, Z, nocopy, rshared…) after a source.';

const MODE_GROUPS: Array<Set<string>> = [
  new Set(['ro', 'rw']),
  new Set(['z', 'Z']),
  new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']),
  new Set(['nocopy']),
  new Set(['consistent', 'cached', 'delegated']),
];
const PROPAGATION = MODE_GROUPS[2]!;

/** The engine's linuxValidMountMode: each option known, at most one of each kind. */
export function validMountMode(mode: string): boolean {
  if (mode === '') return true;
  const counts = MODE_GROUPS.map(() => 0);
  for (const option of mode.split(',')) {
    const group = MODE_GROUPS.findIndex((g) => g.has(option));
    if (group < 0) return false;
    counts[group]! += 1;
  }
  return counts.every((c) => c <= 1);
}

function checkTarget(target: string, fail: (reason: string) => Error): void {
  if (!target.startsWith('/')) throw fail(`invalid mount path: '${target}' mount path must be absolute`);
  if (posix.normalize(target.replace(/\\/g, '/')).replace(/\/+$/, '') === '')
    throw fail("invalid specification: destination can't be '/'");
}

/**
 * Parses a `-v` spec with the grammar of the docker CLI and engine (see the table above).
 * A source that starts with `/` is a host folder, one that starts with `.` a host folder
 * relative to `cwd`; any other source names a volume; no source is an anonymous volume.
 *
 * @example
 * parseMount('feedback:/app/feedback') // { type: 'volume', name: 'feedback', target: '/app/feedback', readOnly: false,
 * mode: '', bind: 'feedback:/app/feedback' }
 */
export function parseMount(spec: string, cwd: string = process.cwd(), command?: string): MountSpec {
  checkArgs(PARSE_MOUNT_SIGNATURE, arguments);
  const fail = (reason: string, hint = HINT) =>
    invalid('run', String(spec), reason, hint, command ?? `docker run -v ${shellQuote(String(spec))} IMAGE`);
  if (typeof spec !== 'string') throw fail(`a mount spec is a string, not ${typeof spec}`);
  if (spec === '') throw fail('invalid empty volume spec');
  const parts = spec.split(':');
  if (parts.length > 3) throw fail(`invalid spec: ${spec}: too many colons`);
  if (parts.length > 1 && parts.some((p) => p === ''))
    throw fail(`invalid spec: ${spec}: empty section between colons`);
  if (parts.length === 1) {
    if (!spec.startsWith('/') || posix.normalize(spec) === '/') {
      throw fail(
        `dockbook refuses an anonymous volume at "${spec}": the container path must be absolute and not / (the ` +
          `docker CLI passes it on)`,
      );
    }
    return { type: 'anonymous', target: spec, readOnly: false, mode: '' };
  }
  if (parts.length === 2 && validMountMode(parts[1]!)) {
    throw fail(
      `invalid volume specification: '${spec}': an anonymous volume takes no ` +
        `mode${parts[1]!.split(',').includes('ro') ? ', and cannot be read-only' : ''}`,
      `Give it a source to use a mode: NAME:${parts[0]}:${parts[1]} or /host/path:${parts[0]}:${parts[1]}; an ` +
        `anonymous volume is just "${parts[0]}".`,
    );
  }
  const [source, target, mode = ''] = parts as [string, string, string?];
  if (!validMountMode(mode)) {
    throw fail(
      `invalid mode: ${mode}`,
      'A mode is a comma list with at most one of each: ro|rw, z|Z, private|rprivate|shared|rshared|slave|rslave ' +
        '(bind mounts), nocopy (volumes), consistent|cached|delegated; e.g. "/host:/app:ro".',
    );
  }
  if (parts.length === 2 && /^[a-zA-Z]$/.test(source)) {
    throw fail(
      `create ${source}: volume name is too short, names should be at least two alphanumeric characters (dockbook ` +
        `refuses it; the docker CLI reads "${source}:" as a Windows drive and makes an anonymous volume at ` +
        `"${spec}" instead)`,
      'A volume name is 2-255 of letters, digits and _ . -, starting with a letter or digit; a host folder starts ' +
        'with / or ./',
    );
  }
  checkTarget(target, fail);
  const options = mode === '' ? [] : mode.split(',');
  const readOnly = options.includes('ro');
  const rest = spec.slice(source.length);
  if (source.startsWith('/') || source.startsWith('.')) {
    if (options.includes('nocopy'))
      throw fail(
        `invalid volume specification: '${spec}': invalid mount config for type "bind": field VolumeOptions must not ` +
          `be specified (nocopy is for volumes)`,
      );
    const host = source.startsWith('/') ? source : resolve(cwd, source);
    return { type: 'bind', source: host, target, readOnly, mode, bind: `${host}${rest}` };
  }
  if (source.startsWith('~')) {
    throw fail(
      `"${source}" includes invalid characters for a local volume name: the CLI does not expand ~, so the engine ` +
        `reads it as a volume name`,
      'Give the host folder as an absolute path (e.g. from os.homedir()) or relative to the cwd ("./x").',
    );
  }
  const problem = volumeNameProblem(source);
  if (problem)
    throw fail(
      problem,
      'A volume name is 2-255 of letters, digits and _ . -, starting with a letter or digit; a host folder starts ' +
        'with / or ./',
    );
  if (options.some((o) => PROPAGATION.has(o)))
    throw fail(
      `invalid volume specification: '${spec}': invalid mount config for type "volume": field BindOptions must not ` +
        `be specified (propagation is for bind mounts)`,
    );
  return { type: 'volume', name: source, target, readOnly, mode, bind: spec };
}

/**
 * Every `-v` of one container, as the engine receives them: each spec once (as the CLI keeps
 * them), binds and named volumes in `binds`, anonymous volumes in `volumes`; two binds on the
 * same container path are refused as the engine refuses them.
 */
export function parseMounts(
  specs: readonly string[],
  cwd: string = process.cwd(),
  command?: string,
): { mounts: MountSpec[]; binds: string[]; volumes: Record<string, object> } {
  const mounts: MountSpec[] = [];
  const binds: string[] = [];
  const volumes: Record<string, object> = {};
  const destinations = new Map<string, string>();
  for (const spec of new Set(specs)) {
    const mount = parseMount(spec, cwd, command);
    mounts.push(mount);
    if (mount.type === 'anonymous') {
      volumes[mount.target] = {};
      continue;
    }
    const destination = posix.normalize(mount.target).replace(/(.)\/+$/, '$1');
    const other = destinations.get(destination);
    if (other !== undefined) {
      throw invalid(
        'run',
        spec,
        `Duplicate mount point: ${destination} (also mounted by "${other}")`,
        'Mount one thing per container path.',
        command ?? `docker run -v ${shellQuote(other)} -v ${shellQuote(spec)} IMAGE`,
      );
    }
    destinations.set(destination, spec);
    binds.push(mount.bind);
  }
  return { mounts, binds, volumes };
}
