import type { RootfsStage } from './rootfs.ts';

/** A base image the course uses, and how to build it locally when no registry serves it. */
export interface BaseImageSpec {
  /** Repository name, e.g. `node`. */
  name: string;
  /** The tags it is known by, `latest` first; `source` is what a locally built image was made from. */
  tags: (source?: string) => string[];
  /**
   * Fills the stage with a root filesystem, or returns a ready `tarball` of one; returns the
   * image config (Dockerfile instructions) and where it came from.
   */
  stage(stage: RootfsStage, cacheDir: string): Promise<{ changes: string[]; source: string; tarball?: string }>;
}
