import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/failure.ts';
import { commandPath, program } from '../../src/cli/program.ts';

const readme = readFileSync(join(resolve(import.meta.dirname, '..', '..'), 'README.md'), 'utf8');

/** The README's "The command line" section, up to the next section of the same level. */
const section = /^## The command line\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';

/** The commands the section's examples run: `engine up` for `npx dockbook engine up --only public # …`. */
function documented(): Set<string> {
  const commands = new Set<string>();
  for (const [, rest] of section.matchAll(/^npx dockbook (.*)$/gm)) {
    const words: string[] = [];
    for (const word of rest!.split(/\s+/)) {
      if (!/^[a-z]+$/.test(word)) break;
      words.push(word);
    }
    if (words.length > 0) commands.add(words.join(' '));
  }
  return commands;
}

/** Every command a user can run, from commander's tree: `engine up`, `run`, `kernel install`. */
function commands(command: Command): string[] {
  if (command.commands.length === 0) return [commandPath(command).replace(/^dockbook /, '')];
  return command.commands.flatMap(commands);
}

describe("the README's command line section", () => {
  it('documents every command the CLI has, and no command it does not have', () => {
    expect(section).not.toBe('');
    expect([...documented()].sort()).toEqual(commands(program()).sort());
  });

  it('lists every exit code', () => {
    for (const code of Object.values(EXIT)) expect(section).toMatch(new RegExp(`^\\| ${code} \\| `, 'm'));
    expect(section).toMatch(/^\| 128 \+ n \| /m);
  });
});
