/**
 * The first 12 hex characters of an ID, as the docker CLI shows it.
 *
 * @example
 * shortId('sha256:3f2a1c9d8e7b5a…') // '3f2a1c9d8e7b'
 */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/**
 * An image ID as Docker gives it, `sha256:` and 64 hex characters: Podman (4.3) leaves the prefix off the IDs its
 * prune, rmi and history answers report (not those of its lists and inspects). Anything else passes unchanged
 * (`<missing>`, an ID that has it).
 *
 * @example
 * fullImageId('9041a5dd95d6d67cc10b891ccefb5d576f63551204585966cc962b69446fc857') // 'sha256:9041a5dd95d6…'
 */
export function fullImageId(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id;
}
