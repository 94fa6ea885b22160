import { shellQuote } from '../display/shell.ts';
import { invalid } from './invalid.ts';

/*
 * The rest of `docker create`'s validation, as docker CLI 28.2 (opts/env.go ValidateEnv,
 * opts/opts.go ValidateLabel) and engine 20.10 (container names, local volume names, working
 * directory) apply it, checked with `docker create --name/-e/-l/-w/--entrypoint/-u … busybox`
 * and `docker volume create NAME`:
 *
 * | input                         | CLI + engine                                          | dockbook |
 * |-------------------------------|-------------------------------------------------------|----------|
 * | --name ab, /ab, a_b, a.b, a-b | ok (no length limit: 70000 characters were accepted)  | same     |
 * | --name a, _ab, .ab, -ab, //ab, a/b, "a b", ä1 | Invalid container name, only [a-zA-Z0-9][a-zA-Z0-9_.-] | refused |
 * | --name ""                     | ok: a generated name                                  | REFUSED (leave name out) |
 * | volume a                      | volume name is too short (at least 2)                 | refused  |
 * | volume _a, .ab, a/b, a:b, ä1  | includes invalid characters for a local volume name   | refused  |
 * | volume of 256+ characters     | file name too long                                    | refused  |
 * | -e A=1, A=, A=b=c, "A B=1", 1A=x | ok, as written                                     | same     |
 * | -e A                          | A=value from the caller's environment, or "A" unset   | same (process.env) |
 * | -e =1, -e =, -e ""            | invalid environment variable                          | refused  |
 * | env { "A=B": "x" }, { A: undefined } | (no CLI form: "A=B=x" would mean A="B=x")      | REFUSED  |
 * | -l a=1, a, a=, a=b=c, " a=1"  | ok (" a" keeps its space)                             | same     |
 * | -l =1, " =1"                  | invalid label: empty name                             | refused  |
 * | -l "a b=1"                    | label contains whitespaces                            | refused  |
 * | labels { "a=b": "c" }, a session label (dockbook.session…) | (no CLI form / would break cleanup) | REFUSED |
 * | -w /app, /, "/a b", /a/../b   | ok (the engine cleans it)                             | same     |
 * | -w app, ./app, ~              | the working directory is invalid, it needs to be an absolute path | refused |
 * | --entrypoint sh, "sh -c", ""  | ["sh"], ["sh -c"], [""]                               | same     |
 * | -u anything                   | ok, not checked at create                             | same     |
 */

const NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const VOLUME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Why the engine would refuse a local volume name, or undefined when it is valid. */
export function volumeNameProblem(name: string): string | undefined {
  if (typeof name !== 'string') return `a volume name is a string, not ${typeof name}`;
  if (name.length < 2 && VOLUME.test(name))
    return `create ${name}: volume name is too short, names should be at least two alphanumeric characters`;
  if (!VOLUME.test(name))
    return (
      `"${name}" includes invalid characters for a local ` + `volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed`
    );
  if (name.length > 255)
    return (
      `a volume name has at most 255 characters (the engine's folder for it cannot be made: file name too long); ` +
      `this one has ${name.length}`
    );
  return undefined;
}

/** Refuses a volume name `docker volume create NAME` refuses. */
export function checkVolumeName(name: string, operation = 'volume create'): void {
  const problem = volumeNameProblem(name);
  if (problem)
    throw invalid(
      operation,
      String(name),
      problem,
      'Choose a name of 2-255 letters, digits and _ . -, starting with a letter or digit, like "feedback" or ' +
        '"app-data".',
      `docker volume create ${shellQuote(String(name))}`,
    );
}

/** Refuses a container name the engine refuses, and `''` (leave the name out for a generated one). */
export function checkContainerName(name: string, command?: string): void {
  if (name === '') {
    throw invalid(
      'run',
      name,
      'dockbook refuses an empty name (docker run --name "" quietly generates one)',
      'Leave name out for a generated name, or choose one like "web".',
      command ?? 'docker run --name "" IMAGE',
    );
  }
  if (typeof name === 'string' && NAME.test(name)) return;
  throw invalid(
    'run',
    String(name),
    `Invalid container name (${String(name)}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, at least 2 characters`,
    'Choose a name like "web" or "my-app-1".',
    command ?? `docker run --name ${shellQuote(String(name))} IMAGE`,
  );
}

/**
 * The `-e` list the engine receives, as the CLI makes it: `KEY=value` as written, a bare `KEY`
 * takes its value from `environment` (the caller's, as the CLI's own) and stays bare when unset.
 */
export function envList(
  env: Record<string, string> | readonly string[] | undefined,
  environment: NodeJS.ProcessEnv = process.env,
  command?: string,
): string[] | undefined {
  if (env === undefined) return undefined;
  const fail = (entry: string, reason: string, hint: string) =>
    invalid('run', entry, reason, hint, command ?? `docker run -e ${shellQuote(entry)} IMAGE`);
  const HINT = 'Write KEY=value (or a bare KEY to pass the caller\'s value), e.g. "NODE_ENV=production".';
  if (Array.isArray(env)) {
    return env.map((entry: unknown) => {
      if (typeof entry !== 'string')
        throw fail(String(entry), `an environment entry is a string KEY=value, not ${typeof entry}`, HINT);
      const eq = entry.indexOf('=');
      const key = eq < 0 ? entry : entry.slice(0, eq);
      if (key === '') throw fail(entry, `invalid environment variable: ${entry}`, HINT);
      if (eq >= 0) return entry;
      const value = environment[key];
      return value === undefined ? entry : `${key}=${value}`;
    });
  }
  if (typeof env !== 'object' || env === null)
    throw fail(String(env), 'env is { KEY: "value" } or ["KEY=value"]', HINT);
  return Object.entries(env).map(([key, value]: [string, unknown]) => {
    const entry = `${key}=${String(value)}`;
    if (key === '') throw fail(entry, `invalid environment variable: ${entry}`, HINT);
    if (key.includes('='))
      throw fail(
        entry,
        `the variable name "${key}" contains "=": the engine would read the variable ` +
          `"${key.slice(0, key.indexOf('='))}"`,
        HINT,
      );
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw fail(entry, `the value of ${key} is ${value === null ? 'null' : typeof value}, not a string`, HINT);
    return entry;
  });
}

/** Refuses a label the CLI's `-l` refuses, and one that would replace a session label. */
export function checkLabels(
  labels: Record<string, string>,
  reserved: Record<string, string> = {},
  command?: string,
): void {
  const HINT = 'A label is { "key": "value" } with a key of no spaces, e.g. { "com.example.role": "web" }.';
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels))
    throw invalid('run', String(labels), 'labels are { key: "value" }', HINT, command);
  for (const [key, value] of Object.entries(labels) as Array<[string, unknown]>) {
    const fail = (reason: string) =>
      invalid(
        'run',
        `${key}=${String(value)}`,
        reason,
        HINT,
        command ?? `docker run -l ${shellQuote(`${key}=${String(value)}`)} IMAGE`,
      );
    const trimmed = key.replace(/^[ \t]+/, '');
    if (trimmed === '') throw fail(`invalid label '${key}=${String(value)}': empty name`);
    if (/[ \t]/.test(trimmed)) throw fail(`label '${key}' contains whitespaces`);
    if (key.includes('='))
      throw fail(
        `the label key "${key}" contains "=": the engine would read the key "${key.slice(0, key.indexOf('='))}"`,
      );
    if (typeof value !== 'string')
      throw fail(`the value of label ${key} is ${value === null ? 'null' : typeof value}, not a string`);
    if (Object.hasOwn(reserved, key))
      throw fail(`"${key}" is one of the session's own labels, which cleanup relies on`);
  }
}

/** Refuses a working directory the engine refuses; `''` keeps the image's, as with `-w ""`. */
export function checkWorkdir(workdir: string, command?: string): void {
  if (typeof workdir === 'string' && (workdir === '' || workdir.startsWith('/'))) return;
  throw invalid(
    'run',
    String(workdir),
    `the working directory '${String(workdir)}' is invalid, it needs to be an absolute path`,
    'Give the path inside the container from /, e.g. "/app".',
    command ?? `docker run -w ${shellQuote(String(workdir))} IMAGE`,
  );
}

/** The Entrypoint the engine receives: a string as one word (as `--entrypoint`), an array as given. */
export function entrypointList(entrypoint: string | readonly string[], command?: string): string[] {
  if (typeof entrypoint === 'string') return [entrypoint];
  if (Array.isArray(entrypoint) && entrypoint.every((word) => typeof word === 'string')) return [...entrypoint];
  throw invalid(
    'run',
    String(entrypoint),
    'an entrypoint is a string (one program, as --entrypoint) or an array of strings',
    'e.g. entrypoint: "sh" with the command ["-c", "echo hi"].',
    command,
  );
}
