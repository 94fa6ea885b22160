import { inspect } from 'node:util';
import { courseRegistryHosts, privateRegistryDir } from './config.ts';
import { courseCredentials, type Credentials } from './credentials.ts';
import { environment } from '../validate/common.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/** What courseRegistries() takes, checked at its entry: before the private registry's credentials are read or made. */
export const COURSE_REGISTRIES_SIGNATURE = signature({
  operation: 'courseRegistries',
  ctx: false,
  params: [{ name: 'env', shape: environment, optional: true, example: {} }],
  command: 'dockbook registry status',
});

/** The course's two registries as image references name them, and the private one's login. */
export interface CourseRegistries {
  /** The public registry, anonymous pull and push: `127.0.0.1:5000`. */
  public: string;
  /** The private registry, login needed for pull and push: `127.0.0.1:5001`. */
  private: string;
  /** The private registry's user and password; the password never prints. */
  credentials: Credentials;
}

/**
 * Where the course's registries listen (`bringUp` and `dockbook registry up` start them) and
 * the login of the private one, for cells: `HOST/name:tag` references and `login()`.
 * The password is masked whenever the value is printed. Default env process.env.
 *
 * @example
 * const registries = courseRegistries();
 * await docker.login(registries.private, registries.credentials);
 * await docker.push(`${registries.private}/web:v1`);
 */
export function courseRegistries(env: NodeJS.ProcessEnv = process.env): CourseRegistries {
  checkArgs(COURSE_REGISTRIES_SIGNATURE, arguments);
  const [publicHost, privateHost] = courseRegistryHosts(env);
  const registries = {
    public: publicHost,
    private: privateHost,
    credentials: courseCredentials(privateRegistryDir(env)),
  };
  return Object.defineProperty(registries, inspect.custom, {
    enumerable: false,
    value: () =>
      `public: ${registries.public} (anonymous)\nprivate: ${registries.private} (login: ${registries.credentials})`,
  });
}
