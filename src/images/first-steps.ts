/**
 * Where a build can enter another build's layers: for each stage of a Dockerfile, its base
 * image and its first instruction. The classic builder looks up each step among the children of
 * the layer before it, so a build can only reach another build's chain of layers through that
 * chain's first step, a child of the base image (see duringBuild's no-cache lease).
 */

/** One stage's entry: the base image as written (ARGs substituted) and its first instruction, normalised. */
export interface StageEntry {
  base: string;
  instruction: string;
}

/** Logical lines: comments and blank lines dropped, `\` continuations joined. */
function instructions(text: string): string[] {
  const escape = /^#\s*escape\s*=\s*`/im.test(text.split('\n').slice(0, 5).join('\n')) ? '`' : '\\';
  const out: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (current !== '' && line.startsWith('#')) continue;
    if (line.endsWith(escape)) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    out.push(`${current}${line}`.trim());
    current = '';
  }
  if (current.trim() !== '') out.push(current.trim());
  return out.filter((line) => line !== '');
}

function substitute(text: string, args: Map<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, braced: string | undefined, bare: string | undefined) => args.get((braced ?? bare)!) ?? '',
  );
}

/**
 * Each stage's base image and first instruction (keyword upper-cased, whitespace collapsed).
 * A stage built on an earlier stage is left out: its layers are the build's own. A Dockerfile
 * this cannot read gives undefined, which callers treat as "may enter anything".
 *
 * @example
 * stageEntries('FROM node\nWORKDIR /app\nCOPY . .\n'); // [{ base: 'node', instruction: 'WORKDIR /app' }]
 */
export function stageEntries(dockerfile: string, buildArgs: Record<string, string> = {}): StageEntry[] | undefined {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const entries: StageEntry[] = [];
  let pending: string | undefined; // a base whose first instruction is still to come
  let seenFrom = false;
  for (const line of instructions(dockerfile)) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const words = substitute(rest.join(' '), args)
        .split(/\s+/)
        .filter((word) => !word.startsWith('--'));
      const image = words[0];
      if (!image) return undefined;
      if (words[1]?.toUpperCase() === 'AS' && words[2]) stages.add(words[2].toLowerCase());
      pending =
        stages.has(image.toLowerCase()) &&
        !(words[1]?.toUpperCase() === 'AS' && words[2]?.toLowerCase() === image.toLowerCase())
          ? undefined
          : image;
      seenFrom = true;
      continue;
    }
    if (!seenFrom) {
      // ARGs before the first FROM may be used in FROM lines: defaults, overridden by --build-arg.
      if (upper !== 'ARG') return undefined;
      const [name = '', value] = rest.join(' ').split('=', 2);
      args.set(name, buildArgs[name] ?? value?.replace(/^["']|["']$/g, '') ?? '');
      continue;
    }
    if (pending !== undefined) {
      entries.push({ base: pending, instruction: `${upper} ${rest.join(' ')}`.trim() });
      pending = undefined;
    }
  }
  return seenFrom ? entries : undefined;
}
