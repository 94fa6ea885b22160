import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Runs of base64 or base64url characters long enough to hide a credential (a user:password pair, an X-Registry-Auth
// header).
const BASE64_TOKEN = /[A-Za-z0-9+/_-]{12,}={0,2}/g;

/**
 * How `secret` shows in `text`, if it does: as it is, URL-encoded, or inside a base64 or
 * base64url token (as in a docker config's `auth` or an `X-Registry-Auth` header).
 */
export function findSecret(text: string, secret: string): string | undefined {
  if (text.includes(secret)) return 'in plain text';
  if (text.includes(encodeURIComponent(secret))) return 'URL-encoded';
  for (const [token] of text.matchAll(BASE64_TOKEN)) {
    // A secret inside a longer base64 text may start at any of three byte offsets: try each.
    for (let skip = 0; skip < 4; skip++) {
      if (Buffer.from(token.slice(skip), 'base64').toString('latin1').includes(secret))
        return `base64-encoded (${token.slice(0, 16)}…)`;
    }
  }
  return undefined;
}

// Symbolic links are not followed (notebooks/node_modules/dockbook points back at the package).
function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return [];
  if (!stat.isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/** The files under `paths` (files or folders, recursively), and those where `secret` shows, with how. */
export function scanForSecret(paths: string[], secret: string): { files: string[]; leaks: string[] } {
  const files = paths.flatMap(filesUnder);
  const leaks = files.flatMap((file) => {
    const how = findSecret(readFileSync(file, 'latin1'), secret);
    return how ? [`${file}: ${how}`] : [];
  });
  return { files, leaks };
}
