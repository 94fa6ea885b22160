import { describe, expect, it } from 'vitest';
import { parseHeader } from '../../../src/notebook/format/header.ts';
import { splitLines } from '../../../src/notebook/format/lines.ts';

const KERNEL =
  'jupyter:\n  kernelspec:\n    display_name: TypeScript (dockbook)\n    language: typescript\n    name: dockbook\n';
const header = (yaml: string, before = '') =>
  parseHeader(splitLines(`${before}---\n${KERNEL}${yaml}---\n\n# Body\n`), 'h.md');

describe('parseHeader', () => {
  it('reads dockbook metadata under jupyter, with defaults, and says where the body starts', () => {
    const { meta, body } = header('  dockbook:\n    title: Volumes\n');
    expect(meta).toEqual({
      title: 'Volumes',
      concepts: [],
      normalizers: [],
      raw: {
        jupyter: {
          kernelspec: { display_name: 'TypeScript (dockbook)', language: 'typescript', name: 'dockbook' },
          dockbook: { title: 'Volumes' },
        },
      },
    });
    expect(body).toBe(9);
  });

  it('accepts a byte order mark before the header', () => {
    expect(header('  dockbook:\n    title: T\n', '\uFEFF').meta.title).toBe('T');
  });

  it('reports a bad normalizer on its own line', () => {
    expect(() =>
      header("  dockbook:\n    title: T\n    normalizers:\n      - pattern: 'a('\n        replacement: x\n"),
    ).toThrow(/^h\.md:10: normalizer 1: the pattern is not a valid regex/);
    expect(() => header('  dockbook:\n    title: T\n    normalizers:\n      - pattern: a\n')).toThrow(
      /^h\.md:10: normalizer 1: each normalizer is \{ pattern/,
    );
    expect(() => header('  dockbook:\n    title: T\n    normalizers: a\n')).toThrow(/normalizers must be a list/);
  });

  it('requires a jupyter section, concept IDs as a list, and the dockbook kernel', () => {
    expect(() => parseHeader(splitLines('---\ntitle: x\n---\n'), 'h.md')).toThrow(/needs a jupyter: section/);
    expect(() => header('  dockbook:\n    title: T\n    concepts: C01\n')).toThrow(
      /^h\.md:9: jupyter\.dockbook\.concepts must be a list of concept IDs/,
    );
    expect(() => parseHeader(splitLines('---\njupyter:\n  dockbook:\n    title: T\n---\n'), 'h.md')).toThrow(
      /^h\.md:3: jupyter\.kernelspec must be/,
    );
    expect(() =>
      parseHeader(
        splitLines(`---\n${KERNEL.replace('typescript', 'javascript')}  dockbook:\n    title: T\n---\n`),
        'h.md',
      ),
    ).toThrow(/^h\.md:5: jupyter\.kernelspec must be/);
  });
});
