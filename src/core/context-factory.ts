import { createHash, randomBytes } from 'node:crypto';
import { connect, type Engine } from './connect.ts';
import type { Context, ProgressEvent } from './context.ts';
import { sessionLabels } from './labels.ts';
import { engine } from '../validate/common.ts';
import { func, milliseconds, nonEmptyString } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';
import { liveProgress } from '../display/live.ts';

export interface ContextOptions {
  /**
   * The notebook (or test) name, carried by the `dockbook.notebook` label. Default `$DOCKBOOK_NOTEBOOK`, else
   * `scratch`.
   */
  notebook?: string;
  /**
   * The session id. Default: `db-` and 8 hex characters, random, or from `$DOCKBOOK_SESSION_SEED` (see
   * defaultSessionId).
   */
  id?: string;
  engine?: Engine;
  /** Default per-call timeout, ms. Default 120000. */
  timeoutMs?: number;
  /** Default `process.cwd()`. */
  cwd?: string;
  onProgress?: (event: ProgressEvent) => void;
}

/** What newSessionId() takes (nothing), checked at its entry. */
export const NEW_SESSION_ID_SIGNATURE = signature({
  operation: 'newSessionId',
  ctx: false,
  params: [],
  command: 'openssl rand -hex 4',
});

/** A fresh session id: short, readable, unique per run. */
export function newSessionId(): string {
  checkArgs(NEW_SESSION_ID_SIGNATURE, arguments);
  return `db-${randomBytes(4).toString('hex')}`;
}

/** How many sessions of one seeded kernel a verdict recognises (see seededSessionIds). */
export const SEEDED_SESSIONS = 64;
let opened = 0;

/**
 * The id of a session opened with no id given. In a notebook's kernel the runner sets
 * `DOCKBOOK_SESSION_SEED` (random per kernel), and the kernel's sessions get ids derived from
 * it in order, so the verdict knows exactly which ids are this run's own (seededSessionIds) and
 * normalizes only those. Elsewhere, a random id.
 */
export function defaultSessionId(env: NodeJS.ProcessEnv = process.env): string {
  const seed = env.DOCKBOOK_SESSION_SEED;
  return seed ? sessionIdFor(seed, ++opened) : newSessionId();
}

/** The n-th (1-based) session id of a seeded kernel: `db-` and 8 hex characters of a hash. */
export function sessionIdFor(seed: string, n: number): string {
  return `db-${createHash('sha256').update(`${seed}:${n}`).digest('hex').slice(0, 8)}`;
}

/**
 * The 8-hex parts of the ids a kernel with this seed gives its first SEEDED_SESSIONS sessions:
 * the only tokens a verdict treats as session ids.
 *
 * @example
 * seededSessionIds('3f2a…').has(sessionIdFor('3f2a…', 1).slice(3)); // true
 */
export function seededSessionIds(seed: string | undefined): Set<string> {
  if (!seed) return new Set();
  return new Set(Array.from({ length: SEEDED_SESSIONS }, (_, i) => sessionIdFor(seed, i + 1).slice(3)));
}

/** What createContext() takes, checked at its entry. */
export const CREATE_CONTEXT_SIGNATURE = signature({
  operation: 'createContext',
  ctx: false,
  params: [],
  options: {
    notebook: nonEmptyString,
    id: nonEmptyString,
    engine,
    timeoutMs: milliseconds,
    cwd: nonEmptyString,
    onProgress: func,
  },
  command: 'docker version',
});

/** Builds the Context operations run in: connects (unless given an engine) and fixes the labels. */
export async function createContext(options: ContextOptions = {}): Promise<Context> {
  checkArgs(CREATE_CONTEXT_SIGNATURE, arguments);
  const {
    notebook = process.env.DOCKBOOK_NOTEBOOK ?? 'scratch',
    id = defaultSessionId(),
    timeoutMs = 120_000,
    cwd = process.cwd(),
    // In a learner's Jupyter kernel, progress updates one display in place; elsewhere it goes nowhere.
    onProgress = liveProgress() ?? (() => {}),
  } = options;
  const engine = options.engine ?? (await connect());
  return {
    engine,
    docker: engine.docker,
    session: id,
    notebook,
    labels: sessionLabels(id, notebook),
    timeoutMs,
    cwd,
    onProgress,
    addedImageRefs: new Set(),
    orphanVolumes: new Set(),
    credentials: new Map(),
    pushed: [],
    pending: new Set(),
    tempDirs: new Set(),
  };
}
