import {
  anyOf,
  arrayOf,
  count,
  finiteNumber,
  func,
  hasFields,
  masked,
  nonEmptyString,
  objectOf,
  oneOf,
  recordOf,
  regexp,
  shape,
  string,
} from './shape.ts';

/**
 * Environment variables: `{ KEY: "value" }` or `["KEY=value"]` (never a string, which would be spread into characters).
 */
export const env = anyOf([recordOf(string), arrayOf(string)], 'a record { KEY: "value" } or an array ["KEY=value"]');

/** Labels: `{ key: "value" }`. */
export const labels = recordOf(string, 'a record of labels { key: "value" }');

/** A command: a shell line (run with `sh -c`) or an argv array. */
export const commandLine = anyOf(
  [string, arrayOf(string)],
  'a command line (a string) or an argv array ["sh", "-c", "…"]',
);

/** When to stop following output: text, a RegExp, or a test of the output so far. */
export const until = anyOf([string, regexp, func], 'a string, a RegExp or a function (output) => boolean');

/** Scripted stdin: a string, or steps (a string sent at once, or { wait, send }). */
export const input = anyOf(
  [
    string,
    arrayOf(anyOf([string, objectOf({ wait: until, send: string }, 'a step { wait, send }', ['wait', 'send'])])),
  ],
  'a string, or an array of steps (a string, or { wait: text or RegExp, send: "text" })',
);

/** Published ports: `["8080:80", "80", 80]`. */
export const ports = arrayOf(
  anyOf([string, shape('', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535)]),
  'an array of port specs ["8080:80", "80/udp", 80]',
);

/** A port inside a container, as `docker port` takes it: `80`, `"80"`, `"53/udp"`. */
export const containerPort = anyOf(
  [
    shape('', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535),
    shape(
      '',
      (v) =>
        typeof v === 'string' &&
        /^\d{1,5}(\/(tcp|udp|sctp))?$/.test(v) &&
        Number(v.split('/')[0]) >= 1 &&
        Number(v.split('/')[0]) <= 65535,
    ),
  ],
  'a container port: a whole number from 1 to 65535, or "80/tcp", "53/udp"',
);

/** Mounts: `["data:/data", "./src:/app:ro"]`. */
export const mounts = arrayOf(string, 'an array of mount specs ["data:/data", "./src:/app:ro"]');

/** Image tags: `["web:1", "web:latest"]`. */
export const tags = arrayOf(nonEmptyString, 'an array of image references ["web:1"]');

/** Registry credentials, as login() and pull/push take them. */
export const credentials = masked(
  hasFields({ username: string, password: string }, 'credentials { username, password }'),
);

/** Registry auth as pull and push take it. */
export const registryAuth = masked(
  hasFields(
    { username: string, password: string, serveraddress: string },
    'auth { username, password, serveraddress }',
  ),
);

/** `docker logs --tail`: a count or `"all"`. */
export const tail = anyOf([count, shape('', (v) => v === 'all')], 'a whole number ≥ 0 or "all"');

/** `docker logs --since`: a Date or Unix seconds. */
export const since = anyOf(
  [shape('', (v) => v instanceof Date && !Number.isNaN(v.getTime())), finiteNumber],
  'a Date or Unix seconds (a number)',
);

/** `docker ps --filter`: `{ status: ["exited"] }`. */
export const filters = recordOf(arrayOf(string), 'a record of filters { status: ["exited"] }');

/** An environment like process.env: string values (or undefined). */
export const environment = shape(
  'an environment { NAME: "value" } (like process.env)',
  (v) =>
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.values(v).every((item) => item === undefined || typeof item === 'string'),
);

/** A connected Engine, as connect() returns it. */
export const engine = shape(
  'an Engine (await connect())',
  (v) =>
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { docker?: unknown }).docker === 'object' &&
    (v as { docker?: unknown }).docker !== null,
);

/** An engine endpoint, as discoverEndpoint() returns it. */
export const endpoint = shape(
  'an Endpoint { host: "unix:///var/run/docker.sock", source }',
  (v) => v !== null && typeof v === 'object' && typeof (v as { host?: unknown }).host === 'string',
);

/** A dockerode client, as `engine.docker` or `new Docker()` gives it. */
export const dockerClient = shape(
  'a dockerode client (engine.docker, or new Docker())',
  (v) =>
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { listContainers?: unknown }).listContainers === 'function' &&
    typeof (v as { getContainer?: unknown }).getContainer === 'function',
);

/** A stand-in dockerode client for signatures' examples: it fits `dockerClient`, and nothing ever calls it. */
export const EXAMPLE_DOCKER = { listContainers: () => Promise.resolve([]), getContainer: () => ({}) };

/** A stand-in Engine for signatures' examples (never called: the examples only fill the other positions in tests). */
export const EXAMPLE_ENGINE = {
  docker: EXAMPLE_DOCKER,
  endpoint: { host: 'unix:///nonexistent/docker.sock', source: 'default-socket' },
  engineVersion: 'none',
  kind: 'docker',
  publishHost: '127.0.0.1',
};

/** Which of the course's registries. */
export const registryKind = oneOf('public', 'private');

/** A callback told each line of progress. */
export const logLine = shape('a function (line) => void', (v) => typeof v === 'function');
