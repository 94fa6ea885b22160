import { shellQuote } from '../display/shell.ts';
import type { Command, CreateOptions } from './create.ts';
import { commandLine } from '../validate/common.ts';
import { RUN_OPTIONS } from '../validate/containers.ts';
import { objectOf, oneOf, string } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/**
 * What dockerRunLine() takes, checked at its entry. Its options are run's (the third argument,
 * required, with the verb after it), so they are a parameter here rather than trailing options.
 */
export const DOCKER_RUN_LINE_SIGNATURE = signature({
  operation: 'dockerRunLine',
  ctx: false,
  params: [
    { name: 'image', shape: string, example: 'node' },
    { name: 'command', shape: commandLine, optional: true, example: undefined },
    {
      name: 'options',
      shape: objectOf(RUN_OPTIONS, `run options { ${Object.keys(RUN_OPTIONS).join(', ')} }`),
      example: { rm: true },
    },
    { name: 'verb', shape: oneOf('run', 'create'), optional: true, example: 'run' },
  ],
  command: 'docker run [OPTIONS] IMAGE [COMMAND] [ARG...]',
});

/**
 * The `docker run` (or `create`) command line equivalent to a library call, as a cell shows it.
 *
 * @example
 * dockerRunLine('node', undefined, { rm: true, ports: ['3000:80'] }) // 'docker run --rm -p 3000:80 node'
 */
export function dockerRunLine(
  image: string,
  command: Command | undefined,
  options: CreateOptions & { detach?: boolean },
  verb = 'run',
): string {
  checkArgs(DOCKER_RUN_LINE_SIGNATURE, arguments);
  const flags: string[] = [];
  if (options.detach) flags.push('-d');
  if (options.rm) flags.push('--rm');
  if (options.interactive && options.tty) flags.push('-it');
  else if (options.interactive) flags.push('-i');
  else if (options.tty) flags.push('-t');
  if (options.name) flags.push('--name', options.name);
  for (const port of options.ports ?? []) flags.push('-p', String(port));
  for (const volume of options.volumes ?? []) flags.push('-v', volume);
  const env = options.env
    ? Array.isArray(options.env)
      ? options.env
      : Object.entries(options.env).map(([k, v]) => `${k}=${v}`)
    : [];
  for (const pair of env) flags.push('-e', pair);
  if (options.workdir) flags.push('-w', options.workdir);
  if (options.user) flags.push('-u', options.user);
  if (options.entrypoint !== undefined) flags.push('--entrypoint', [options.entrypoint].flat().join(' '));
  const args = command === undefined ? [] : typeof command === 'string' ? ['sh', '-c', command] : command;
  return ['docker', verb, ...flags, image, ...args].map((w, i) => (i < 2 ? w : shellQuote(w))).join(' ');
}
