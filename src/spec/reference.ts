import { invalid } from './invalid.ts';

/** An image reference, parsed: `[registry/]repository[:tag][@digest]`. */
export interface ImageRef {
  /** `localhost:5000`, when the first component names a host. */
  registry?: string;
  /** `node`, `library/node`, `team/app`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** The reference as the engine should be given it: with `:latest` when it has no tag or digest. */
  full: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/**
 * Parses and validates an image reference the way the engine does, so a malformed one is
 * rejected before any call. A name with no tag means `latest`.
 *
 * @example
 * parseImageRef('localhost:5000/team/app').full // 'localhost:5000/team/app:latest'
 */
export function parseImageRef(ref: string, operation = 'image'): ImageRef {
  const fail = (reason: string) => invalid(operation, ref, reason, 'An image reference reads [host[:port]/]name[:tag], in lowercase, e.g. node:20 or localhost:5000/app:v1.');
  if (typeof ref !== 'string' || ref.length === 0) throw fail('the image reference is empty');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw fail(`"${digest}" is not a digest (sha256:<64 hex>)`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw fail(`"${tag}" is not a valid tag (letters, digits, _ . -; at most 128)`);
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost')) {
    registry = parts.shift();
    if (!DOMAIN.test(registry!)) throw fail(`"${registry}" is not a registry host`);
  }
  for (const part of parts) {
    if (part !== part.toLowerCase()) throw fail('repository names must be lowercase');
    if (!COMPONENT.test(part)) throw fail(`"${part}" is not a valid name component`);
  }
  const repository = parts.join('/');
  const name = registry ? `${registry}/${repository}` : repository;
  const full = `${name}${tag || !digest ? `:${tag ?? 'latest'}` : ''}${digest ? `@${digest}` : ''}`;
  return { ...(registry ? { registry } : {}), repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), full };
}
