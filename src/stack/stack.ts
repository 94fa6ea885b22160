import { isDockbookError } from '../errors.ts';
import { seedImages, type SeedResult } from './seed.ts';
import { registryDown, registryUp, type RegistryUpResult } from './registry.ts';
import { fillMirror, type MirrorResult } from './mirror.ts';
import { engineDown, engineUp, type EngineUpResult } from './engine.ts';
import { environment, logLine } from '../validate/common.ts';
import { boolean, hasFields, shape } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/** What bringUp() takes, checked at its entry: before any registry or engine is probed, installed or started. */
export const BRING_UP_SIGNATURE = signature({
  operation: 'bringUp',
  ctx: false,
  params: [],
  options: { env: environment, install: boolean, log: logLine },
  command: 'dockbook registry up && dockbook engine up && dockbook images seed',
});

const started = hasFields({ started: boolean }, 'an up result { started }');
const optionalUp = shape(
  'an up result { started } or undefined',
  (v) => v === undefined || started.mismatch(v) === undefined,
);

/** What bringDown() takes, checked at its entry: the Stack bringUp returned (what it started is what is stopped). */
export const BRING_DOWN_SIGNATURE = signature({
  operation: 'bringDown',
  ctx: false,
  params: [
    {
      name: 'stack',
      shape: hasFields(
        { engine: started, registry: optionalUp, privateRegistry: optionalUp },
        'a Stack (await bringUp())',
      ),
      example: { engine: { started: false }, seeded: [], mirrored: [] },
    },
    { name: 'log', shape: logLine, optional: true, example: () => {} },
    { name: 'env', shape: environment, optional: true, example: {} },
  ],
  command: 'dockbook engine down && dockbook registry down',
});

export interface BringUpOptions {
  env?: NodeJS.ProcessEnv;
  /** Install docker-registry and docker.io where missing (root on Debian/Ubuntu). Default true. */
  install?: boolean;
  log?: (line: string) => void;
}

/** What bringUp found or started, and what `bringDown` will stop. */
export interface Stack {
  /**
   * The public registry (the engine's mirror). Undefined where docker-registry is neither installed nor installable:
   * Docker Hub names then pull from Docker Hub.
   */
  registry?: RegistryUpResult;
  /** The private registry (login needed), for the sharing chapter; undefined with the public one. */
  privateRegistry?: RegistryUpResult;
  engine: EngineUpResult;
  seeded: SeedResult[];
  mirrored: MirrorResult[];
}

function how(up: { started: boolean; installed: boolean; startMs?: number; installMs?: number }): string {
  if (!up.started) return ' (already running)';
  return (
    ` (started in ${up.startMs} ` +
    `ms${up.installed ? `, installed first${up.installMs ? ` in ${up.installMs} ms` : ''}` : ''})`
  );
}

/**
 * Brings up everything notebooks and tests run against, in order: the public and private
 * registries first (so an engine the project starts finds its mirror answering), then the
 * engine, then the base images, which are then pushed to the public registry as Docker Hub's
 * `library/…` repositories.
 * Defaults: env process.env, install true, no log.
 *
 * @example
 * const stack = await bringUp({ log: console.error });
 * try { await runNotebooks(files, { engine: stack.engine.engine }); } finally { await bringDown(stack); }
 */
export async function bringUp(options: BringUpOptions = {}): Promise<Stack> {
  checkArgs(BRING_UP_SIGNATURE, arguments);
  const { env = process.env, install = true, log = () => {} } = options;
  let registry: RegistryUpResult | undefined;
  let privateRegistry: RegistryUpResult | undefined;
  try {
    registry = await registryUp({ env, install, log });
    log(`public registry at ${registry.host}${how(registry)}`);
    privateRegistry = await registryUp({ env, install, kind: 'private', log });
    log(`private registry at ${privateRegistry.host}${how(privateRegistry)}`);
  } catch (error) {
    if (!isDockbookError(error, 'MISSING_DEPENDENCY')) throw error;
    log(`no local registry (${error.reason}): Docker Hub names pull from Docker Hub`);
  }
  const engine = await engineUp({ env, install, log });
  log(`engine ${engine.engine.engineVersion} at ${engine.engine.endpoint.host}${how(engine)}`);
  const seeded = await seedImages(engine.engine, { log });
  for (const r of seeded) log(`image ${r.name}: ${r.action} in ${r.ms} ms`);
  const mirrored = registry ? await fillMirror(engine.engine, seeded, { env, host: registry.host, log }) : [];
  return {
    ...(registry ? { registry } : {}),
    ...(privateRegistry ? { privateRegistry } : {}),
    engine,
    seeded,
    mirrored,
  };
}

/**
 * Stops what `bringUp` started, engine first and then the registries (even when stopping the
 * engine fails); what was already running is left alone.
 *
 * @example
 * await bringDown(stack, console.error);
 */
export async function bringDown(
  stack: Stack,
  log: (line: string) => void = () => {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  checkArgs(BRING_DOWN_SIGNATURE, arguments);
  try {
    if (stack.engine.started) log(`stopped the engine this run started (pid ${await engineDown(env)})`);
  } finally {
    try {
      if (stack.privateRegistry?.started)
        log(`stopped the private registry this run started (pid ${await registryDown(env, 'private')})`);
    } finally {
      if (stack.registry?.started) log(`stopped the registry this run started (pid ${await registryDown(env)})`);
    }
  }
}
