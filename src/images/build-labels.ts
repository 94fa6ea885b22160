import type { EngineKind } from '../core/connect.ts';

/**
 * A build's `labels` parameter, as JSON. The engine appends one LABEL step per label, and a rebuild
 * takes them from the cache only when they come in the same order. Docker sorts the keys of the map
 * itself. Podman walks a map in Go's random order (a rebuild of an unchanged Dockerfile would then
 * miss the cache at its LABEL steps and make a new image each time), but keeps the order of a
 * `["key=value", …]` list, which its API takes too: Podman gets the list, sorted.
 *
 * @example
 * buildLabels('docker', { b: '2', a: '1' }); // '{"b":"2","a":"1"}'
 * buildLabels('podman', { b: '2', a: '1' }); // '["a=1","b=2"]'
 */
export function buildLabels(kind: EngineKind, labels: Record<string, string>): string {
  if (kind !== 'podman') return JSON.stringify(labels);
  const keys = Object.keys(labels).sort();
  return JSON.stringify(keys.map((key) => `${key}=${labels[key]}`));
}
