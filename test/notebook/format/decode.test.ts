import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNotebook } from '../../../src/notebook/format/decode.ts';
import { readNotebook } from '../../../src/notebook/format/parse.ts';
import { NotebookSyntaxError } from '../../../src/notebook/format/types.ts';
import { updateOutputs } from '../../../src/notebook/format/update.ts';

const HEADER =
  '---\njupyter:\n  kernelspec:\n    display_name: TypeScript (dockbook)\n    language: typescript\n' +
  '    name: dockbook\n  dockbook:\n    title: T\n---\n';
const dir = mkdtempSync(join(tmpdir(), 'dockbook-decode-'));

/** Writes these bytes as a notebook file and returns its path. */
function file(name: string, ...parts: Array<string | number[]>): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part)))),
  );
  return path;
}

function refusal(path: string): NotebookSyntaxError {
  try {
    readNotebook(path);
  } catch (error) {
    expect(error).toBeInstanceOf(NotebookSyntaxError);
    return error as NotebookSyntaxError;
  }
  throw new Error(`${path} was read, but its bytes are not UTF-8`);
}

describe('reading a notebook that is not UTF-8', () => {
  it('refuses a Latin-1 byte at its file:line and column, and says to save it as UTF-8', () => {
    // "café" as Latin-1 in the expected output: decoded leniently, U+FFFD would sit on both sides.
    const path = file(
      'latin1.md',
      `${HEADER}\n\`\`\`typescript\nconsole.log('caf`,
      [0xe9],
      `');\n\`\`\`\n\n\`\`\`output\ncaf`,
      [0xe9],
      '\n```\n',
    );
    const error = refusal(path);
    expect(error).toMatchObject({ file: path, line: 12 });
    expect(error.message).toBe(`${path}:12: ${error.problem}`);
    expect(error.problem).toMatch(
      /^byte 0xE9 \(column 17\) is not valid UTF-8: the file is in another encoding, e\.g\. Latin-1/,
    );
    expect(error.problem).toContain('save it as UTF-8');
  });

  it('counts CRLF and CR line breaks as the parser does, and columns in characters', () => {
    const error = refusal(file('crlf.md', `${HEADER.replaceAll('\n', '\r\n')}\r\n\r\n€ `, [0x80]));
    expect(error).toMatchObject({ line: 12 });
    expect(error.problem).toMatch(/^byte 0x80 \(column 3\)/);
    expect(refusal(file('cr.md', 'a\rb\r', [0xff])).line).toBe(3);
  });

  it('points at the lead byte of a broken sequence, and names a cut-off one', () => {
    const broken = refusal(file('broken.md', `${HEADER}ok `, [0xe2, 0x82], 'x\n'));
    expect(broken).toMatchObject({ line: 10 });
    expect(broken.problem).toMatch(/^byte 0xE2 \(column 4\) is not valid UTF-8/);
    const cut = refusal(file('cut.md', `${HEADER}end `, [0xf0, 0x9f, 0x90]));
    expect(cut.problem).toMatch(/^byte 0xF0 \(column 5\) starts a UTF-8 character that the file ends inside of/);
  });

  it('says a UTF-16 file is UTF-16', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]);
    const error = refusal(file('utf16.md', [...utf16]));
    expect(error).toMatchObject({ line: 1 });
    expect(error.problem).toMatch(
      /^the file is UTF-16 \(it starts with the byte order mark 0xFF 0xFE\), not UTF-8\. .*save it as UTF-8/,
    );
  });
});

describe('reading a UTF-8 notebook', () => {
  it('reads multi-byte characters and U+FFFD written in the file as they are', () => {
    const notebook = readNotebook(
      file('utf8.md', `${HEADER}\n\`\`\`typescript\nconsole.log('café € 🐳 \uFFFD');\n\`\`\`\n`),
    );
    expect(notebook.cells[0]!.code).toBe("console.log('café € 🐳 \uFFFD');\n");
  });

  it('accepts a byte order mark, keeps it in the source, and update writes it back', () => {
    const path = file('bom.md', [0xef, 0xbb, 0xbf], `${HEADER}\n\`\`\`typescript\nconsole.log(1);\n\`\`\`\n`);
    const notebook = readNotebook(path);
    expect(notebook.meta.title).toBe('T');
    expect(notebook.source.startsWith('\uFEFF---\n')).toBe(true);
    expect(notebook.cells[0]).toMatchObject({ line: 11, code: 'console.log(1);\n' });
    writeFileSync(path, updateOutputs(notebook, new Map([[1, '1\n']])));
    expect([...readFileSync(path).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(readNotebook(path).cells[0]!.expected?.text).toBe('1\n');
  });

  it('decodes bytes without a file', () => {
    expect(decodeNotebook(Buffer.from('ü\n'), 'x.md')).toBe('ü\n');
    expect(() => decodeNotebook(Buffer.from([0x61, 0xc0, 0x80]), 'x.md')).toThrow(
      /^x\.md:1: byte 0xC0 \(column 2\) is not valid UTF-8/,
    );
  });
});
