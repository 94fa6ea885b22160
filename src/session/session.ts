import { attach } from '../containers/attach.ts';
import { exec } from '../containers/exec.ts';
import { inspect } from '../containers/inspect.ts';
import { logs } from '../containers/logs.ts';
import { ps } from '../containers/ps.ts';
import { rm } from '../containers/remove.ts';
import { restart } from '../containers/restart.ts';
import type { Command } from '../containers/create.ts';
import type { RunResult } from '../containers/run-result.ts';
import { create, run, type RunOptions } from '../containers/run.ts';
import { start, type StartOptions } from '../containers/start.ts';
import type { Container } from '../containers/value.ts';
import type { ContainerRef, ImageLike } from '../docker/resolve.ts';
import { stop } from '../containers/stop.ts';
import { wait } from '../containers/wait.ts';
import { cli } from '../cli.ts';
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
import type { Context } from './context.ts';

/** Drops the leading Context parameter: what a Session method takes. */
type Bound<F> = F extends (ctx: Context, ...args: infer A) => infer R ? (...args: A) => R : never;

/** Binds an operation to a session; the context is read at call time. */
function bind<F extends (ctx: Context, ...args: never[]) => unknown>(session: { ctx: Context }, fn: F): Bound<F> {
  return ((...args: never[]) => fn(session.ctx, ...args)) as Bound<F>;
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
   * A temporary folder of the session's own, holding a copy of `copyOf` when given (a private
   * copy of an app that cells may edit); removed by cleanup, and swept if the run dies.
   */
  tempDir(name: string, copyOf?: string): string {
    return tempDir(this.ctx, name, copyOf);
  }

  /** A name unique to this session, readable in the text: `name('web')` → `web-3f2a1c9d`. */
  name(base: string): string {
    return `${base}-${this.ctx.session.replace(/^db-/, '')}`;
  }

  /** `docker run`: attached by default (exit code and output), or `detach: true` for a running Container. */
  run(image: ImageLike, command: Command | undefined, options: RunOptions & { detach: true }): Promise<Container>;
  run(image: ImageLike, command?: Command, options?: RunOptions): Promise<RunResult>;
  run(image: ImageLike, command?: Command, options: RunOptions = {}): Promise<RunResult | Container> {
    return run(this.ctx, image, command, options);
  }

  /** `docker start`: detached by default, or `attach: true` for its output and exit code. */
  start(ref: ContainerRef, options: StartOptions & { attach: true }): Promise<RunResult>;
  start(ref: ContainerRef, options?: StartOptions): Promise<Container>;
  start(ref: ContainerRef, options: StartOptions = {}): Promise<RunResult | Container> {
    return start(this.ctx, ref, options);
  }

  readonly create = bind(this, create);
  readonly ps = bind(this, ps);
  readonly stop = bind(this, stop);
  readonly restart = bind(this, restart);
  readonly wait = bind(this, wait);
  readonly attach = bind(this, attach);
  readonly logs = bind(this, logs);
  readonly exec = bind(this, exec);
  readonly rm = bind(this, rm);
  readonly inspect = bind(this, inspect);
  readonly build = bind(this, build);
  readonly images = bind(this, images);
  readonly history = bind(this, history);
  readonly inspectImage = bind(this, inspectImage);
  readonly tag = bind(this, tag);
  readonly pull = bind(this, pull);
  readonly push = bind(this, push);
  readonly login = bind(this, login);
  readonly rmi = bind(this, rmi);
  readonly pruneImages = bind(this, pruneImages);
  readonly cp = bind(this, cp);
  readonly createVolume = bind(this, createVolume);
  readonly volumes = bind(this, volumes);
  readonly rmVolume = bind(this, rmVolume);
  readonly pruneVolumes = bind(this, pruneVolumes);
  readonly cli = bind(this, cli);

  /** Removes everything this session created. Safe to call more than once. */
  cleanup(): Promise<CleanupReport> {
    return cleanupSession(this.ctx);
  }
}
