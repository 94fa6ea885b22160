/** One place a search can land: a page, an anchor on it, a title, and the text found there. */
export interface SearchEntry {
  /** The page (`02-dockerfile.html`). */
  p: string;
  /** The anchor on it: a heading's id or `cell-N`. */
  a: string;
  /** What the hit says it is: `Chapter › Section` or `Chapter › Section › cell 3`. */
  t: string;
  /** The text: prose, or a cell's command, code, output and why it failed. */
  x: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", amp: '&' };

/** Visible text of a piece of the guide's own HTML: a line per block, tags dropped, its entities decoded. */
function text(html: string): string {
  return html
    .replace(/<\/(?:p|pre|li|div|h\d)>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A heading's or a cell's opening tag, with its id. */
const ANCHOR = /<h([1-6]) id="([^"]+)">([\s\S]*?)<\/h\1>|<section class="cell[^"]*" id="(cell-\d+)">/g;

/**
 * The search entries of a rendered page: one per section of prose (from one heading to the
 * next element with an id) and one per cell, read from the page's `<main>`, navigation left out.
 * Reading the page itself keeps every anchor the index links to one the page really has.
 *
 * @example
 * searchEntries('02-dockerfile.html', html, 'Building an image');
 * // [{ p: '02-dockerfile.html', a: 'building-an-image', t: 'Building an image', x: 'Ready-made images…' }, …]
 */
export function searchEntries(page: string, html: string, title: string): SearchEntry[] {
  const main = (/<main id="main">([\s\S]*)<\/main>/.exec(html)?.[1] ?? '')
    .replace(/<nav\b[\s\S]*?<\/nav>/g, '')
    .replace(/<button[\s\S]*?<\/button>/g, '')
    // The run's bookkeeping (status lines, downloads, skipped lists) is not what a reader searches for.
    .replace(/<p class="(?:meta|downloads|label)[^"]*">[\s\S]*?<\/p>|<details class="meta">[\s\S]*?<\/details>/g, '')
    .replace(/<div class="skipped-cells">[\s\S]*?<\/div>/g, '');
  const marks = [...main.matchAll(ANCHOR)];
  const entries: SearchEntry[] = [];
  let section: SearchEntry | undefined;
  marks.forEach((mark, i) => {
    const rest = main.slice(mark.index + mark[0].length, marks[i + 1]?.index ?? main.length);
    if (mark[4]) {
      // A cell ends at its </section>; the prose after it belongs to the section it sits in.
      const end = rest.indexOf('</section>');
      const where = [
        title,
        section && section.t !== title ? section.t.split(' › ').pop() : '',
        mark[4].replace('-', ' '),
      ];
      entries.push({ p: page, a: mark[4], t: where.filter(Boolean).join(' › '), x: text(rest.slice(0, end)) });
      if (section) section.x = [section.x, text(rest.slice(end))].filter(Boolean).join('\n');
      return;
    }
    const heading = text(mark[3]!).replace(/\s*#$/, '');
    section = { p: page, a: mark[2]!, t: mark[1] === '1' ? heading : `${title} › ${heading}`, x: text(rest) };
    entries.push(section);
  });
  return entries.filter((entry) => entry.x);
}

/**
 * The search index as a script: `window.DOCKBOOK_SEARCH = [...]`. A page loads it with
 * `<script src>`, which works from file:// where fetch() of a JSON file does not.
 *
 * @example
 * searchIndexScript([{ p: 'index.html', a: 'chapter-list', t: 'Chapters', x: '…' }]);
 * // 'window.DOCKBOOK_SEARCH = [{"p":"index.html",…}];\n'
 */
export function searchIndexScript(entries: SearchEntry[]): string {
  const json = JSON.stringify(entries).replace(/</g, '\\u003c');
  return `window.DOCKBOOK_SEARCH = ${json};\n`;
}
