import { attach } from '../containers/attach.ts';
import { exec } from '../containers/exec.ts';
import { inspect, port } from '../containers/inspect.ts';
import { logs } from '../containers/logs.ts';
import { ps } from '../containers/ps.ts';
import { rm } from '../containers/remove.ts';
import { restart } from '../containers/restart.ts';
import type { Command } from '../containers/create.ts';
import type { RunResult } from '../containers/run-result.ts';
import { create, run, type RunOptions } from '../containers/run.ts';
import { start, type StartOptions } from '../containers/start.ts';
import type { Container } from '../containers/value.ts';
import type { ContainerRef, ImageLike } from '../core/resolve.ts';
import type { EngineInfo } from '../core/connect.ts';
import { stop } from '../containers/stop.ts';
import { wait } from '../containers/wait.ts';
import { cli } from '../docker-cli.ts';
import { tempDir } from './temp-dirs.ts';
import { cp } from '../files/cp.ts';
import { build } from '../images/build.ts';
import { history } from '../images/history.ts';
import { inspectImage } from '../images/inspect.ts';
import { images } from '../images/list.ts';
import { pruneImages } from '../images/prune.ts';
import { pull } from '../images/pull.ts';
import { rmi } from '../images/rmi.ts';
import { tag } from '../images/tag.ts';
import { createVolume, pruneVolumes, rmVolume, volumes } from '../volumes/volumes.ts';
import { login } from '../registry/login.ts';
import { push } from '../images/push.ts';
import { cleanupSession, type CleanupReport } from './cleanup.ts';
import type { Context } from '../core/context.ts';
// Also registers the signatures of create and logs, which bind() looks up.
import { RUN_SIGNATURE } from '../validate/containers.ts';
import { nonEmptyString } from '../validate/shape.ts';
import { checkArgs, signature, SIGNATURES, type Signature } from '../validate/signature.ts';

// Session-only methods: what they take.
const TEMP_DIR_SIGNATURE = signature({
  operation: 'tempDir',
  ctx: true,
  params: [
    { name: 'name', shape: nonEmptyString, example: 'app' },
    { name: 'copyOf', shape: nonEmptyString, optional: true, example: '.' },
  ],
  command: 'mktemp -d',
});
const NAME_SIGNATURE = signature({
  operation: 'name',
  ctx: true,
  params: [{ name: 'base', shape: nonEmptyString, example: 'web' }],
  command: 'docker ps -a --format {{.Names}}',
});
const CLEANUP_SIGNATURE = signature({
  operation: 'cleanup',
  ctx: true,
  params: [],
  command: 'docker rm -f $(docker ps -aq --filter label=dockbook.session=SESSION)',
});

/** Checks a Session method's arguments (the session supplies the Context): a rejected promise for an async method. */
function checked<T>(sig: Signature, args: ArrayLike<unknown>, call: () => Promise<T>): Promise<T> {
  try {
    checkArgs(sig, args, true);
  } catch (error) {
    return Promise.reject(error);
  }
  return call();
}

/** Drops the leading Context parameter: what a Session method takes. */
type Bound<F> = F extends (ctx: Context, ...args: infer A) => infer R ? (...args: A) => R : never;

/**
 * Binds an operation to a session; the context is read at call time. Its arguments are checked
 * first against the operation's signature, as a Session method takes them (without the Context).
 */
function bind<F extends (ctx: Context, ...args: never[]) => Promise<unknown>>(
  session: { ctx: Context },
  operation: string,
  fn: F,
): Bound<F> {
  const sig = SIGNATURES.get(operation);
  if (!sig) throw new Error(`dockbook: no signature for ${operation}`);
  return ((...args: never[]) => checked(sig, args, () => fn(session.ctx, ...args))) as Bound<F>;
}

/**
 * A notebook's handle on the engine: every operation of the course, bound to one session whose
 * labels every created container, image and volume carries, so that `cleanup()` (or the next
 * session's sweep, after a crash) removes exactly what this session made and nothing else.
 */
export class Session {
  readonly ctx: Context;

  constructor(ctx: Context) {
    this.ctx = ctx;
  }

  get id(): string {
    return this.ctx.session;
  }

  get labels(): Record<string, string> {
    return this.ctx.labels;
  }

  /**
   * The engine this session talks to: `kind` (`'docker'` or `'podman'`), its version, and `publishHost`, where its
   * published ports are reached from here. A cell whose claim really differs between engines reads `engine.kind`.
   *
   * @example
   * docker.engine.kind; // 'docker'
   */
  get engine(): EngineInfo {
    const { docker: _client, ...info } = this.ctx.engine;
    return info;
  }

  /**
   * A temporary folder of the session's own, holding a copy of `copyOf` when given (a private
   * copy of an app that cells may edit); removed by cleanup, and swept if the run dies.
   */
  tempDir(name: string, copyOf?: string): string {
    checkArgs(TEMP_DIR_SIGNATURE, arguments, true);
    return tempDir(this.ctx, name, copyOf);
  }

  /** A name unique to this session, readable in the text: `name('web')` → `web-3f2a1c9d`. */
  name(base: string): string {
    checkArgs(NAME_SIGNATURE, arguments, true);
    return `${base}-${this.ctx.session.replace(/^db-/, '')}`;
  }

  /** `docker run`: attached by default (exit code and output), or `detach: true` for a running Container. */
  run(image: ImageLike, command: Command | undefined, options: RunOptions & { detach: true }): Promise<Container>;
  run(image: ImageLike, command?: Command, options?: RunOptions): Promise<RunResult>;
  run(image: ImageLike, command?: Command, options: RunOptions = {}): Promise<RunResult | Container> {
    return checked(RUN_SIGNATURE, arguments, () => run(this.ctx, image, command, options));
  }

  /** `docker start`: detached by default, or `attach: true` for its output and exit code. */
  start(ref: ContainerRef, options: StartOptions & { attach: true }): Promise<RunResult>;
  start(ref: ContainerRef, options?: StartOptions): Promise<Container>;
  start(ref: ContainerRef, options: StartOptions = {}): Promise<RunResult | Container> {
    return checked(SIGNATURES.get('start')!, arguments, () => start(this.ctx, ref, options));
  }

  readonly create = bind(this, 'create', create);
  readonly ps = bind(this, 'ps', ps);
  readonly stop = bind(this, 'stop', stop);
  readonly restart = bind(this, 'restart', restart);
  readonly wait = bind(this, 'wait', wait);
  readonly attach = bind(this, 'attach', attach);
  readonly logs = bind(this, 'logs', logs);
  readonly exec = bind(this, 'exec', exec);
  readonly rm = bind(this, 'rm', rm);
  readonly inspect = bind(this, 'inspect', inspect);
  readonly port = bind(this, 'port', port);
  readonly build = bind(this, 'build', build);
  readonly images = bind(this, 'images', images);
  readonly history = bind(this, 'history', history);
  readonly inspectImage = bind(this, 'inspectImage', inspectImage);
  readonly tag = bind(this, 'tag', tag);
  readonly pull = bind(this, 'pull', pull);
  readonly push = bind(this, 'push', push);
  readonly login = bind(this, 'login', login);
  readonly rmi = bind(this, 'rmi', rmi);
  readonly pruneImages = bind(this, 'pruneImages', pruneImages);
  readonly cp = bind(this, 'cp', cp);
  readonly createVolume = bind(this, 'createVolume', createVolume);
  readonly volumes = bind(this, 'volumes', volumes);
  readonly rmVolume = bind(this, 'rmVolume', rmVolume);
  readonly pruneVolumes = bind(this, 'pruneVolumes', pruneVolumes);
  readonly cli = bind(this, 'cli', cli);

  /** Removes everything this session created. Safe to call more than once. */
  cleanup(): Promise<CleanupReport> {
    return checked(CLEANUP_SIGNATURE, arguments, () => cleanupSession(this.ctx));
  }
}
