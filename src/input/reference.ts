import { shellQuote } from '../display/shell.ts';
import { invalid } from './invalid.ts';
import { string } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/**
 * What parseImageRef() takes, checked at its entry. The spec's grammar is the parser's to judge (with the CLI's words);
 * the signature only refuses what is not text at all.
 */
export const PARSE_IMAGE_REF_SIGNATURE = signature({
  operation: 'parseImageRef',
  ctx: false,
  params: [
    { name: 'ref', shape: string, example: 'busybox:1.36' },
    { name: 'operation', shape: string, optional: true, example: 'pull' },
    { name: 'command', shape: string, optional: true, example: 'docker pull busybox:1.36' },
  ],
  command: 'docker pull IMAGE',
});

/*
 * Image references as docker CLI 28.2 (distribution/reference v0.6.0 ParseNormalizedNamed) and
 * engine 20.10 (docker/distribution reference, older) both parse them; a name must pass both, so
 * the stricter rule of the two applies. Checked with `docker tag busybox REF`:
 *
 * | reference                                  | CLI / engine                                   | dockbook |
 * |--------------------------------------------|------------------------------------------------|----------|
 * | web, web:v1, web:V1, web:_v, a__b, a--b, a.b, team/app | ok                                 | same     |
 * | localhost/a, localhost:5000/a, LocalHost:5000/a, Reg.io/a, a:5000/b, docker.io/x | ok   | same     |
 * | reg_io.x/a                                 | ok (read as a two-component path)              | same     |
 * | Web, team/App, localhost/Ab                | repository name must be lowercase              | refused  |
 * | Team/app                                   | CLI: a registry "Team"; engine: must be lowercase | refused |
 * | web:-v, web:.v, web:, web:v1:v2, tag of 129 chars | invalid reference format (tag: [\w][\w.-]{0,127}) | refused |
 * | a___b, a..b, a._b, -a, a-, a/, /a, a//b, "a b", "" | invalid reference format              | refused  |
 * | reg-.io/a                                  | invalid reference format (registry host)       | refused  |
 * | [::1]:5000/a                               | CLI ok; engine 20.10: invalid reference format | refused  |
 * | 64 lowercase hex characters                | cannot specify 64-byte hexadecimal strings     | refused  |
 * | docker.io/library/ + name > 255 characters (238 a's; r.io/ + 251) | repository name must not be more than 255
 *   characters | refused |
 * | web@sha256:abc, @md5:…, @sha256:<64 upper-case hex> | invalid digest (sha256/384/512, lowercase hex of that
 *   length) | refused |
 * | tag / build -t with a digest               | refusing to create a tag with a digest reference | refused |
 */

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

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const IPV6_DOMAIN = /^\[[a-fA-F0-9:]+\](?::[0-9]+)?$/;
const DIGEST_HEX: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

const HINT =
  'An image reference reads [host[:port]/]name[:tag][@sha256:…], the name in lowercase, e.g. node:20 or ' +
  'localhost:5000/app:v1.';

/** distribution/reference splitDockerDomain, as engine 20.10 has it. */
function splitDomain(ref: string): { domain: string; remainder: string; given?: string } {
  const slash = ref.indexOf('/');
  if (slash < 0 || (!/[.:]/.test(ref.slice(0, slash)) && ref.slice(0, slash) !== 'localhost')) {
    return { domain: 'docker.io', remainder: slash < 0 ? `library/${ref}` : ref };
  }
  const given = ref.slice(0, slash);
  const domain = given === 'index.docker.io' ? 'docker.io' : given;
  const rest = ref.slice(slash + 1);
  return { domain, remainder: domain === 'docker.io' && !rest.includes('/') ? `library/${rest}` : rest, given };
}

/**
 * Parses and validates an image reference as the docker CLI and the engine do (see the table
 * above), so a malformed one is refused before any call. A name with no tag means `latest`.
 *
 * @example
 * parseImageRef('localhost:5000/team/app').full // 'localhost:5000/team/app:latest'
 */
export function parseImageRef(ref: string, operation = 'image', command?: string): ImageRef {
  checkArgs(PARSE_IMAGE_REF_SIGNATURE, arguments);
  const verb =
    operation === 'image' ? 'pull' : operation === 'build' ? 'build -t' : operation === 'tag' ? 'tag IMAGE' : operation;
  const fail = (reason: string, hint = HINT) =>
    invalid(operation, String(ref), reason, hint, command ?? `docker ${verb} ${shellQuote(String(ref))}`);
  if (typeof ref !== 'string') throw fail(`an image reference is a string, not ${typeof ref}`);
  if (ref.length === 0) throw fail('invalid reference format: the image reference is empty');
  if (/^[a-f0-9]{64}$/.test(ref))
    throw fail(
      `invalid repository name (${ref}), cannot specify 64-byte hexadecimal strings`,
      'Refer to an image by its ID as sha256:<64 hex>, or give it a name.',
    );
  const { domain, remainder, given } = splitDomain(ref);
  const colon = remainder.indexOf(':');
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  if (remote !== remote.toLowerCase()) {
    throw fail(`invalid reference format: repository name (${remote.replace(/^library\//, '')}) must be lowercase`);
  }
  if (given !== undefined && IPV6_DOMAIN.test(given)) {
    throw fail(
      `invalid reference format: engine 20.10 does not accept an IPv6 registry address ("${given}"), though the ` +
        `docker CLI does`,
      'Name the registry by host name or IPv4 address, e.g. localhost:5000/app.',
    );
  }
  const at = ref.indexOf('@');
  const named = at < 0 ? ref : ref.slice(0, at);
  const tagColon = named.lastIndexOf(':') > named.lastIndexOf('/') ? named.lastIndexOf(':') : -1;
  const match = REFERENCE.exec(`${domain}/${remainder}`);
  if (!match) {
    if (at >= 0 && !new RegExp(`^${DIGEST}$`).test(ref.slice(at + 1)))
      throw fail(`invalid reference format: "${ref.slice(at + 1)}" is not a digest (sha256:<64 hex>)`);
    if (tagColon >= 0 && !new RegExp(`^${TAG}$`).test(named.slice(tagColon + 1))) {
      throw fail(
        `invalid reference format: "${named.slice(tagColon + 1)}" is not a valid tag (letters, digits, _ . -, not ` +
          `starting with . or -; at most 128)`,
      );
    }
    const path = (tagColon >= 0 ? named.slice(0, tagColon) : named).split('/');
    const bad = path
      .slice(path.length > 1 && given !== undefined ? 1 : 0)
      .find((component) => !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(component));
    const rule = 'lowercase letters and digits, separated by one . or _, two _, or dashes';
    throw fail(
      bad !== undefined
        ? `invalid reference format: "${bad}" is not a valid name component (${rule})`
        : `invalid reference format: a name component is ${rule}, between single /`,
    );
  }
  if (match[1]!.length > 255)
    throw fail(
      `repository name must not be more than 255 characters (as the engine counts it, "${match[1]!.slice(0, 40)}…" ` +
        `has ${match[1]!.length})`,
    );
  const tag = match[2];
  const digest = match[3];
  if (digest) {
    const [algorithm, hex] = digest.split(':') as [string, string];
    const size = DIGEST_HEX[algorithm];
    if (size === undefined)
      throw fail(
        `unsupported digest algorithm: ${algorithm}`,
        'A digest is sha256:<64 lowercase hex> (or sha384, sha512).',
      );
    if (hex.length !== size)
      throw fail(
        `invalid checksum digest length: ${algorithm} takes ${size} hex characters, this has ${hex.length}`,
        'A digest is sha256:<64 lowercase hex>.',
      );
    if (!/^[a-f0-9]+$/.test(hex))
      throw fail('invalid checksum digest format: the hex must be lowercase', 'A digest is sha256:<64 lowercase hex>.');
  }
  const path = tagColon >= 0 ? named.slice(0, tagColon) : named;
  const registry = given;
  const repository = given === undefined ? path : path.slice(given.length + 1);
  const name = registry ? `${registry}/${repository}` : repository;
  const full = `${name}${tag || !digest ? `:${tag ?? 'latest'}` : ''}${digest ? `@${digest}` : ''}`;
  return {
    ...(registry ? { registry } : {}),
    repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
    full,
  };
}

/**
 * A reference as the docker CLI shows it (distribution/reference's FamiliarString): a Docker Hub name without its
 * `docker.io/` domain, an official image's without `library/` too (`library/a/b` keeps it, as Docker's does).
 * Podman (4.3) answers with fully qualified names (`docker.io/library/busybox:latest`) where Docker answers with these
 * familiar ones, in image lists, RepoTags and RepoDigests, a container's image and rmi's untagged names; every value
 * the library makes of them goes through this one function. A name on any other registry stays as it is:
 * `127.0.0.1:5000/app`, and Podman's `localhost/app` (the name of an image the podman CLI made locally: another name
 * than `app`, which means `docker.io/library/app`).
 *
 * @example
 * familiarRef('docker.io/library/busybox:latest') // 'busybox:latest'
 * familiarRef('docker.io/team/app@sha256:…') // 'team/app@sha256:…'
 * familiarRef('127.0.0.1:5000/app:v1') // '127.0.0.1:5000/app:v1'
 */
export function familiarRef(ref: string): string {
  if (!ref.startsWith('docker.io/')) return ref;
  const rest = ref.slice('docker.io/'.length);
  const path = rest.split(/[:@]/)[0]!;
  return path.startsWith('library/') && !path.slice('library/'.length).includes('/')
    ? rest.slice('library/'.length)
    : rest;
}

/**
 * A reference a new name is made with (`docker tag`, `build -t`): as parseImageRef, and without
 * a digest, which the CLI refuses for both.
 */
export function parseTagRef(ref: string, operation: 'tag' | 'build', command?: string): ImageRef {
  const parsed = parseImageRef(ref, operation, command);
  if (parsed.digest) {
    throw invalid(
      operation,
      ref,
      operation === 'tag' ? 'refusing to create a tag with a digest reference' : 'build tag cannot contain a digest',
      'Name it name[:tag], e.g. web:v2.',
      command ?? (operation === 'tag' ? `docker tag IMAGE ${shellQuote(ref)}` : `docker build -t ${shellQuote(ref)} .`),
    );
  }
  return parsed;
}
