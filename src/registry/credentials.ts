import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { DockbookError } from '../errors.ts';
import { nonEmptyString } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/** What courseCredentials() takes, checked at its entry: before it makes the folder or writes credentials.json. */
export const COURSE_CREDENTIALS_SIGNATURE = signature({
  operation: 'courseCredentials',
  ctx: false,
  params: [{ name: 'dir', shape: nonEmptyString, example: '/nonexistent/dockbook/registry/private' }],
  command: 'cat <cache>/registry/private/credentials.json',
});

/** The realm the private registry names in its `WWW-Authenticate` challenge. */
export const PRIVATE_REALM = 'dockbook-private';

/**
 * A user and password that print with the password masked: `util.inspect`, `toString` and
 * `JSON.stringify` never show it, so a cell that displays them leaks nothing.
 */
export class Credentials {
  readonly #password: string;

  constructor(
    readonly username: string,
    password: string,
  ) {
    this.#password = password;
  }

  get password(): string {
    return this.#password;
  }

  toString(): string {
    return `${this.username}:********`;
  }

  toJSON(): { username: string; password: string } {
    return { username: this.username, password: '********' };
  }

  [inspect.custom](): string {
    return `Credentials { username: '${this.username}', password: '********' }`;
  }
}

/**
 * The course's login for the private registry kept in `dir` (`<cache>/registry/private`):
 * read from `credentials.json`, or generated once (user `student`, a random 24-character
 * password) and stored there with mode 0600. The password is never printed.
 *
 * @example
 * const { username, password } = courseCredentials(privateRegistryDir());
 * await login(ctx, privateRegistryHost(), { username, password });
 */
export function courseCredentials(dir: string): Credentials {
  checkArgs(COURSE_CREDENTIALS_SIGNATURE, arguments);
  const file = join(dir, 'credentials.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fresh = { username: 'student', password: randomBytes(18).toString('base64url') };
    writeFileSync(file, `${JSON.stringify(fresh)}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { username: string; password: string };
  return new Credentials(stored.username, stored.password);
}
