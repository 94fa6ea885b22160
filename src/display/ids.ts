/**
 * The first 12 hex characters of an ID, as the docker CLI shows it.
 *
 * @example
 * shortId('sha256:3f2a1c9d8e7b5a…') // '3f2a1c9d8e7b'
 */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
