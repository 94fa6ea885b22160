import type Docker from 'dockerode';
import { printable, type Printable } from '../display/printable.ts';

/** A volume, as create and list give it. */
export interface Volume {
  name: string;
  driver: string;
  /** Where the engine keeps its data on the engine's host. */
  mountpoint: string;
  labels: Record<string, string>;
  createdAt: Date | undefined;
}

/**
 * The Volume value of an engine volume answer; prints as `volume feedback (local)`.
 *
 * @example
 * toVolume(await ctx.docker.getVolume('feedback').inspect()).toString() // 'volume feedback (local)'
 */
export function toVolume(info: Docker.VolumeInspectInfo & { CreatedAt?: string }): Printable<Volume> {
  const volume = {
    name: info.Name,
    driver: info.Driver,
    mountpoint: info.Mountpoint,
    labels: info.Labels ?? {},
    createdAt: info.CreatedAt ? new Date(info.CreatedAt) : undefined,
  };
  return printable(volume, (v) => `volume ${v.name} (${v.driver})`);
}
