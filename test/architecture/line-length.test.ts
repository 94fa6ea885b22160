import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// Prettier keeps code within 120 columns but leaves long strings and comments alone: this keeps them too.
const root = join(import.meta.dirname, '..', '..');

it('no line of the code is over 120 characters', () => {
  const tracked = execFileSync('git', ['ls-files', 'src', 'test', 'bench', 'kernel', 'bin', '*.ts'], {
    cwd: root,
    encoding: 'utf8',
  });
  const files = tracked.split('\n').filter((file) => /\.(ts|cjs|js)$/.test(file) && !file.includes('/fixtures/'));
  expect(files.length).toBeGreaterThan(200);
  const long = files.flatMap((file) =>
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => ([...line].length > 120 ? [`${file}:${i + 1} (${[...line].length})`] : [])),
  );
  expect(long).toEqual([]);
});
