import type Docker from 'dockerode';
import type { Engine } from './connect.ts';

/** A progress event of a pull, push or build, as the engine streams it. */
export interface ProgressEvent {
  operation: 'pull' | 'push' | 'build' | 'run';
  /** The layer ID, for layer progress. */
  id?: string;
  /** A line of progress; for `run`, a chunk of an attached container's output as it arrives. */
  status: string;
  /** e.g. `[=====>   ] 12MB/40MB`. */
  progress?: string;
  /** The operation ended (its last event, `status` empty), whether it succeeded or failed. */
  done?: boolean;
}

/** Credentials for a registry, as `docker login` would store them. */
export interface RegistryAuth {
  username: string;
  password: string;
  /** The registry, e.g. `localhost:5000`. */
  serveraddress: string;
}

/** A manifest a push stored in a registry: `registry/repository@digest`. */
export interface PushedManifest {
  /** `127.0.0.1:5001`. */
  registry: string;
  repository: string;
  digest: string;
}

/**
 * What every operation receives: the engine, the session's labels and defaults. Operations are
 * plain functions of a Context; Session binds them for cells.
 */
export interface Context {
  engine: Engine;
  docker: Docker;
  /** The session id, also the value of the `dockbook.session` label. */
  session: string;
  notebook: string;
  /** Labels every created resource carries. */
  labels: Record<string, string>;
  /** Default per-call timeout, ms. */
  timeoutMs: number;
  /** Folder relative paths (build contexts, bind mounts, cp) resolve against. */
  cwd: string;
  /** Receives pull/push/build progress. */
  onProgress: (event: ProgressEvent) => void;
  /** Names the session gave to images it did not build (tags, pulls), removed by cleanup. */
  addedImageRefs: Set<string>;
  /** Anonymous volumes left behind by containers the session removed without their volumes. */
  orphanVolumes: Set<string>;
  /** The session's registry logins, by registry address; in memory only, never in ~/.docker. */
  credentials: Map<string, RegistryAuth>;
  /** Manifests the session pushed to the course's own registries, deleted again by cleanup. */
  pushed: PushedManifest[];
  /**
   * Removals still running for calls that timed out or were aborted while the engine was making
   * something (a create in flight): cleanup waits for them, so nothing they made is left.
   */
  pending: Set<Promise<unknown>>;
  /** The session's temporary folders (tempDir), removed by cleanup. */
  tempDirs: Set<string>;
}
