import { boolean, nonEmptyString, oneOf, string } from './shape.ts';
import { CALL_OPTIONS, containerRef, imageLike, signature, type Signature } from './signature.ts';
import { commandLine, env, input, labels, mounts, ports, since, tail, until } from './common.ts';

// The signatures of run, create and logs, checked at their entry (and by the Session's methods).
// They live here rather than beside their options because the Session and the API-shape test
// read them without loading the container operations.

/** CreateOptions, by option. */
export const CREATE_OPTIONS = {
  ...CALL_OPTIONS,
  name: nonEmptyString,
  env,
  ports,
  volumes: mounts,
  workdir: string,
  user: string,
  entrypoint: commandLine,
  interactive: boolean,
  tty: boolean,
  rm: boolean,
  labels,
};

/** RunOptions, by option. */
export const RUN_OPTIONS = { ...CREATE_OPTIONS, detach: boolean, input, pull: oneOf('missing', 'never', 'always') };

const RUN_FLAGS = {
  name: '--name NAME',
  env: '--env KEY=value',
  ports: '--publish 8080:80',
  volumes: '--volume data:/data',
  workdir: '--workdir /app',
  user: '--user USER',
  entrypoint: '--entrypoint CMD',
  interactive: '--interactive',
  tty: '--tty',
  rm: '--rm',
  labels: '--label key=value',
  detach: '--detach',
  pull: '--pull missing',
};

const runParams = [
  { name: 'image', shape: imageLike, example: 'busybox' },
  { name: 'command', shape: commandLine, optional: true, example: 'true' },
];

export const RUN_SIGNATURE: Signature = signature({
  operation: 'run',
  ctx: true,
  params: runParams,
  options: RUN_OPTIONS,
  command: 'docker run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  flags: RUN_FLAGS,
});

export const CREATE_SIGNATURE: Signature = signature({
  operation: 'create',
  ctx: true,
  params: runParams,
  options: RUN_OPTIONS,
  command: 'docker create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  flags: RUN_FLAGS,
});

export const LOGS_SIGNATURE: Signature = signature({
  operation: 'logs',
  ctx: true,
  params: [{ name: 'ref', shape: containerRef, example: 'web' }],
  options: { ...CALL_OPTIONS, follow: boolean, until, tail, since, timestamps: boolean },
  command: 'docker logs [OPTIONS] CONTAINER',
  flags: { follow: '--follow', tail: '--tail N', since: '--since TIME', timestamps: '--timestamps' },
});
