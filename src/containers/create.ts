import type Docker from 'dockerode';
import type { CallOptions } from '../core/call.ts';
import type { Context } from '../core/context.ts';
import { parseMounts, type MountSpec } from '../input/mounts.ts';
import { checkContainerName, checkLabels, checkWorkdir, entrypointList, envList } from '../input/names.ts';
import { parsePort } from '../input/ports.ts';
import { dockerRunLine } from './command-line.ts';

/** The `docker create`/`run` flags the course uses. */
export interface CreateOptions extends CallOptions {
  /** `--name`. Must be unique on the engine. */
  name?: string;
  /** `-e`: `{ KEY: 'value' }` or `['KEY=value']`; a bare `'KEY'` passes the caller's value, as the CLI does. */
  env?: Record<string, string> | string[];
  /**
   * `-p`: `'3000:80'`, `'127.0.0.1:3000:80'`, `'[::1]:3000:80'`, `'3000-3001:80-81'`, `'0:80'` or `80` (a random free
   * host port).
   */
  ports?: Array<string | number>;
  /**
   * `-v`: `'name:/path'`, `'/abs/host/path:/path[:ro]'`, `'./rel:/path'`, `'/path'` (anonymous), modes as the CLI's
   * (`ro`, `z`, `nocopy`, `rshared`…).
   */
  volumes?: string[];
  /** `-w`: an absolute path in the container. */
  workdir?: string;
  /** `-u`. */
  user?: string;
  /** `--entrypoint`. */
  entrypoint?: string | string[];
  /** `-i`: keep stdin open. */
  interactive?: boolean;
  /** `-t`: allocate a TTY. */
  tty?: boolean;
  /** `--rm`: the engine removes the container (and its anonymous volumes) when it stops. */
  rm?: boolean;
  /** Extra labels, on top of the session's. */
  labels?: Record<string, string>;
}

/** A command: an argument array as given, or a string run by `sh -c`. */
export type Command = string | string[];

interface Validated {
  env: string[] | undefined;
  exposed: Record<string, object>;
  bindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
  mounts: MountSpec[];
  binds: string[];
  anonymous: Record<string, object>;
  entrypoint: string[] | undefined;
}

/**
 * Every check `docker create` makes of these options, in the CLI's sense, with `line` as the
 * equivalent command in each error: name, ports, mounts, env, workdir, entrypoint, labels.
 */
function validate(
  options: CreateOptions,
  cwd: string,
  line: string,
  reservedLabels: Record<string, string> = {},
): Validated {
  const { name, ports = [], volumes = [], workdir, entrypoint, labels = {} } = options;
  if (name !== undefined) checkContainerName(name, line);
  const exposed: Record<string, object> = {};
  const bindings: Validated['bindings'] = {};
  for (const spec of ports) {
    for (const binding of parsePort(spec, line).bindings) {
      exposed[binding.port] = {};
      (bindings[binding.port] ??= []).push({ HostIp: binding.hostIp, HostPort: binding.hostPort });
    }
  }
  const { mounts, binds, volumes: anonymous } = parseMounts(volumes, cwd, line);
  const env = envList(options.env, process.env, line);
  if (workdir !== undefined) checkWorkdir(workdir, line);
  checkLabels(labels, reservedLabels, line);
  return {
    env,
    exposed,
    bindings,
    mounts,
    binds,
    anonymous,
    entrypoint: entrypoint === undefined ? undefined : entrypointList(entrypoint, line),
  };
}

/** The equivalent docker command for the errors (the options may be too malformed to print). */
function runLine(options: CreateOptions, image = 'IMAGE', command?: Command): string {
  try {
    return dockerRunLine(image, command, options);
  } catch {
    return `docker run … ${image}`;
  }
}

/**
 * The named volumes a run mentions, so they can be created with the session's labels first.
 * Validates every option first, so nothing is created for a run the CLI would refuse.
 */
export function namedVolumes(options: CreateOptions, cwd: string): string[] {
  return validate(options, cwd, runLine(options))
    .mounts.filter((m): m is Extract<MountSpec, { type: 'volume' }> => m.type === 'volume')
    .map((m) => m.name);
}

/** The host paths a run bind-mounts (relative ones resolved against `cwd`), after every option is validated. */
export function bindSources(options: CreateOptions, cwd: string): string[] {
  return validate(options, cwd, runLine(options))
    .mounts.filter((m): m is Extract<MountSpec, { type: 'bind' }> => m.type === 'bind')
    .map((m) => m.source);
}

/**
 * The Engine API body for `docker create`, from CLI-like options: what the docker CLI sends
 * for the same flags. Validates every option first with the CLI's and the engine's rules
 * (src/input), so input the CLI refuses never reaches the engine.
 */
export function createConfig(
  ctx: Context,
  image: string,
  command: Command | undefined,
  options: CreateOptions,
  attachStdin: boolean,
): Docker.ContainerCreateOptions {
  const { name, workdir, user, interactive = false, tty = false, rm = false, labels = {} } = options;
  const v = validate(options, ctx.cwd, runLine(options, image, command), ctx.labels);
  const cmd = command === undefined ? undefined : typeof command === 'string' ? ['sh', '-c', command] : command;
  return {
    Image: image,
    ...(name ? { name } : {}),
    ...(cmd ? { Cmd: cmd } : {}),
    ...(v.entrypoint !== undefined ? { Entrypoint: v.entrypoint } : {}),
    ...(v.env ? { Env: v.env } : {}),
    ...(workdir ? { WorkingDir: workdir } : {}),
    ...(user ? { User: user } : {}),
    Labels: { ...labels, ...ctx.labels },
    Tty: tty,
    OpenStdin: interactive,
    StdinOnce: interactive && attachStdin,
    AttachStdin: attachStdin,
    AttachStdout: true,
    AttachStderr: true,
    ExposedPorts: v.exposed,
    Volumes: v.anonymous,
    HostConfig: { AutoRemove: rm, PortBindings: v.bindings, Binds: v.binds },
  };
}
