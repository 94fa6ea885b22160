import { describe, expect, it } from 'vitest';
import { Listing, MIME_BUNDLE } from '../../src/display/table.ts';
import { createRequire } from 'node:module';

const { installRichDisplay } = createRequire(import.meta.url)('../../kernel/rich-display.cjs') as {
  installRichDisplay: (write: () => ((message: unknown, update: boolean) => void) | undefined, env: object) => void;
};

const listing = () =>
  Listing.create(
    [
      { header: 'NAME', value: (row: { name: string }) => row.name },
      { header: 'NOTE', value: () => '<b>' },
    ],
    [{ name: 'web' }],
  );

/** Runs `body` with console.log wrapped as the kernel wraps it, and gives back what was displayed and printed. */
function withRichLog(env: object, body: () => void): { displayed: unknown[]; printed: unknown[][] } {
  const original = console.log;
  const displayed: unknown[] = [];
  const printed: unknown[][] = [];
  console.log = (...args: unknown[]) => printed.push(args);
  try {
    installRichDisplay(() => (message) => displayed.push(message), env);
    body();
  } finally {
    console.log = original;
  }
  return { displayed, printed };
}

describe('listings in Jupyter', () => {
  it('have both forms: an escaped HTML table and the text table', () => {
    const bundle = listing()[MIME_BUNDLE]();
    expect(bundle['text/html']).toBe(
      '<table class="dockbook"><thead><tr><th>NAME</th><th>NOTE</th></tr></thead>' +
        '<tbody><tr><td>web</td><td>&lt;b&gt;</td></tr></tbody></table>',
    );
    expect(bundle['text/plain']).toBe('NAME   NOTE\nweb    <b>');
  });

  it("show as one display (HTML and text) when printed alone in Jupyter's kernel", () => {
    const { displayed, printed } = withRichLog({}, () => {
      console.log(listing());
      console.log('text', listing());
      console.log('plain');
    });
    expect(displayed).toEqual([{ data: listing()[MIME_BUNDLE](), metadata: {}, transient: {} }]);
    expect(printed).toEqual([['text', listing()], ['plain']]);
  });

  it("print as text under dockbook's runner (DOCKBOOK_RUN set): what the verdict compares is unchanged", () => {
    const { displayed, printed } = withRichLog({ DOCKBOOK_RUN: 'run:01' }, () => console.log(listing()));
    expect(displayed).toEqual([]);
    expect(printed).toEqual([[listing()]]);
  });

  it('print as text when a rich form is broken (throws, or is not all strings)', () => {
    const broken = {
      [MIME_BUNDLE]: () => {
        throw new Error('no');
      },
    };
    const odd = { [MIME_BUNDLE]: () => ({ 'text/html': 1 }) };
    const { displayed, printed } = withRichLog({}, () => {
      console.log(broken);
      console.log(odd);
    });
    expect(displayed).toEqual([]);
    expect(printed).toEqual([[broken], [odd]]);
  });
});
