import type Docker from 'dockerode';
import type { CallOptions } from '../docker/call.ts';
import type { Context } from '../session/context.ts';
import { parseMount, type MountSpec } from '../spec/mounts.ts';
import { parsePort } from '../spec/ports.ts';
import { invalid } from '../spec/invalid.ts';

/** The `docker create`/`run` flags the course uses. */
export interface CreateOptions extends CallOptions {
  /** `--name`. Must be unique on the engine. */
  name?: string;
  /** `-e`: `{ KEY: 'value' }` or `['KEY=value']`. */
  env?: Record<string, string> | string[];
  /** `-p`: `'3000:80'`, `'127.0.0.1:3000:80'`, `'0:80'` or `80` (a random free host port). */
  ports?: Array<string | number>;
  /** `-v`: `'name:/path'`, `'/abs/host/path:/path[:ro]'`, `'./rel:/path'`, `'/path'` (anonymous). */
  volumes?: string[];
  /** `-w`. */
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

function envList(env: CreateOptions['env']): string[] | undefined {
  if (!env) return undefined;
  return Array.isArray(env) ? env : Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

/** The named volumes a run mentions, so they can be created with the session's labels first. */
export function namedVolumes(options: CreateOptions, cwd: string): string[] {
  return (options.volumes ?? []).map((spec) => parseMount(spec, cwd)).filter((m): m is Extract<MountSpec, { type: 'volume' }> => m.type === 'volume').map((m) => m.name);
}

/**
 * The Engine API body for `docker create`, from CLI-like options. Validates every port and
 * mount spec first, so malformed input never reaches the engine.
 */
export function createConfig(ctx: Context, image: string, command: Command | undefined, options: CreateOptions, attachStdin: boolean): Docker.ContainerCreateOptions {
  const { name, ports = [], volumes = [], workdir, user, entrypoint, interactive = false, tty = false, rm = false, labels = {} } = options;
  if (name !== undefined && !/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) {
    throw invalid('run', name, 'a container name is letters, digits and _ . - (at least 2, starting with a letter or digit)', 'Choose a name like "web" or "my-app-1".');
  }
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const spec of ports.map(parsePort)) {
    const key = `${spec.containerPort}/${spec.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: spec.hostIp, HostPort: spec.hostPort ? String(spec.hostPort) : '' });
  }
  const binds: string[] = [];
  const anonymous: Record<string, object> = {};
  for (const mount of volumes.map((spec) => parseMount(spec, ctx.cwd))) {
    const mode = mount.readOnly ? ':ro' : '';
    if (mount.type === 'anonymous') anonymous[mount.target] = {};
    else binds.push(`${mount.type === 'bind' ? mount.source : mount.name}:${mount.target}${mode}`);
  }
  const cmd = command === undefined ? undefined : typeof command === 'string' ? ['sh', '-c', command] : command;
  return {
    Image: image,
    ...(name ? { name } : {}),
    ...(cmd ? { Cmd: cmd } : {}),
    ...(entrypoint !== undefined ? { Entrypoint: typeof entrypoint === 'string' ? [entrypoint] : entrypoint } : {}),
    ...(envList(options.env) ? { Env: envList(options.env)! } : {}),
    ...(workdir ? { WorkingDir: workdir } : {}),
    ...(user ? { User: user } : {}),
    Labels: { ...ctx.labels, ...labels },
    Tty: tty,
    OpenStdin: interactive,
    StdinOnce: interactive && attachStdin,
    AttachStdin: attachStdin,
    AttachStdout: true,
    AttachStderr: true,
    ExposedPorts: exposed,
    Volumes: anonymous,
    HostConfig: { AutoRemove: rm, PortBindings: bindings, Binds: binds },
  };
}
