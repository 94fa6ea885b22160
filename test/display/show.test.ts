import { afterEach, describe, expect, it, vi } from 'vitest';
import { show } from '../../src/display/show.ts';
import { Listing } from '../../src/display/table.ts';

const listing = Listing.create([{ header: 'NAME', value: (r: { name: string }) => r.name }], [{ name: '<web>' }]);

describe('show', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives Jupyter an HTML table, escaped', () => {
    const shown: string[] = [];
    show(listing, { display: { html: (h) => shown.push(h) } });
    expect(shown).toEqual([
      '<table class="dockbook"><thead><tr><th>NAME</th></tr></thead>' +
        '<tbody><tr><td>&lt;web&gt;</td></tr></tbody></table>',
    ]);
  });

  it("prints the text form where there is no display (a terminal, dockbook's runner)", () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    show(listing, { display: undefined, env: { DOCKBOOK_RUN: 'x' } });
    expect(log).toHaveBeenCalledWith('NAME\n<web>');
  });

  it('prints values without an HTML form as text even in Jupyter', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const shown: string[] = [];
    show({ toString: () => 'plain' }, { display: { html: (h) => shown.push(h) } });
    expect([shown, log.mock.calls]).toEqual([[], [['plain']]]);
  });
});
