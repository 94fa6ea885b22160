import { randomBytes } from 'node:crypto';
import { connect, type Engine } from '../engine/connect.ts';
import type { Context, ProgressEvent } from './context.ts';
import { sessionLabels } from './labels.ts';

export interface ContextOptions {
  /** The notebook (or test) name, carried by the `dockbook.notebook` label. Default `$DOCKBOOK_NOTEBOOK`, else `scratch`. */
  notebook?: string;
  /** The session id. Default: `db-` and 8 random hex characters. */
  id?: string;
  engine?: Engine;
  /** Default per-call timeout, ms. Default 120000. */
  timeoutMs?: number;
  /** Default `process.cwd()`. */
  cwd?: string;
  onProgress?: (event: ProgressEvent) => void;
}

/** A fresh session id: short, readable, unique per run. */
export function newSessionId(): string {
  return `db-${randomBytes(4).toString('hex')}`;
}

/** Builds the Context operations run in: connects (unless given an engine) and fixes the labels. */
export async function createContext(options: ContextOptions = {}): Promise<Context> {
  const { notebook = process.env.DOCKBOOK_NOTEBOOK ?? 'scratch', id = newSessionId(), timeoutMs = 120_000, cwd = process.cwd(), onProgress = () => {} } = options;
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
  };
}
