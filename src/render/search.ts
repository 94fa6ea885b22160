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

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };

/** Visible text of a piece of the guide's own HTML: tags dropped, its five entities decoded. */
function text(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ENTITIES[name]!)
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
  const main = (/<main id="main">([\s\S]*)<\/main>/.exec(html)?.[1] ?? '').replace(/<nav\b[\s\S]*?<\/nav>/g, '');
  const marks = [...main.matchAll(ANCHOR)];
  const entries: SearchEntry[] = [];
  let section = '';
  marks.forEach((mark, i) => {
    const end = marks[i + 1]?.index ?? main.length;
    const body = text(main.slice(mark.index + mark[0].length, end).replace(/<button[\s\S]*?<\/button>/g, ''));
    if (mark[4]) {
      entries.push({
        p: page,
        a: mark[4],
        t: [title, section, mark[4].replace('-', ' ')].filter(Boolean).join(' › '),
        x: body,
      });
      return;
    }
    const heading = text(mark[3]!).replace(/\s*#$/, '');
    if (mark[1] !== '1') section = heading;
    if (body) entries.push({ p: page, a: mark[2]!, t: mark[1] === '1' ? heading : `${title} › ${heading}`, x: body });
  });
  return entries;
}

/**
 * The search index as a script: `window.DOCKBOOK_SEARCH = [...]`. A page loads it with
 * `<script src>`, which works from file:// where fetch() of a JSON file does not.
 */
export function searchIndexScript(entries: SearchEntry[]): string {
  const json = JSON.stringify(entries).replace(/</g, '\\u003c');
  return `window.DOCKBOOK_SEARCH = ${json};\n`;
}
