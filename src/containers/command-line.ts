import { shellQuote } from '../display/shell.ts';
import type { Command, CreateOptions } from './create.ts';

/**
 * The `docker run` (or `create`) command line equivalent to a library call, as a cell shows it.
 *
 * @example
 * dockerRunLine('node', undefined, { rm: true, ports: ['3000:80'] }) // 'docker run --rm -p 3000:80 node'
 */
export function dockerRunLine(image: string, command: Command | undefined, options: CreateOptions & { detach?: boolean }, verb = 'run'): string {
  const flags: string[] = [];
  if (options.detach) flags.push('-d');
  if (options.rm) flags.push('--rm');
  if (options.interactive && options.tty) flags.push('-it');
  else if (options.interactive) flags.push('-i');
  else if (options.tty) flags.push('-t');
  if (options.name) flags.push('--name', options.name);
  for (const port of options.ports ?? []) flags.push('-p', String(port));
  for (const volume of options.volumes ?? []) flags.push('-v', volume);
  const env = options.env ? (Array.isArray(options.env) ? options.env : Object.entries(options.env).map(([k, v]) => `${k}=${v}`)) : [];
  for (const pair of env) flags.push('-e', pair);
  if (options.workdir) flags.push('-w', options.workdir);
  if (options.user) flags.push('-u', options.user);
  if (options.entrypoint !== undefined) flags.push('--entrypoint', [options.entrypoint].flat().join(' '));
  const args = command === undefined ? [] : typeof command === 'string' ? ['sh', '-c', command] : command;
  return ['docker', verb, ...flags, image, ...args].map((w, i) => (i < 2 ? w : shellQuote(w))).join(' ');
}
