import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCommand } from '../../src/stack/apt.ts';
import { packageRoot } from '../../src/paths.ts';
import { renderGuide } from '../../src/render/guide.ts';
import { fixtureCourse, SCRIPT } from './fixtures.ts';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = join(packageRoot, 'reports', 'screenshots');

// Page-side code is passed as strings: the project's TypeScript has no DOM types.

/** What one page load did: console errors, uncaught errors, requests, dialogs. */
interface Visit {
  page: Page;
  errors: string[];
  requests: string[];
  dialogs: string[];
}

describe('the guide in Chromium', () => {
  const course = fixtureCourse();
  const { pages } = renderGuide(course);
  let browser: BrowserContext;
  let executablePath: string;

  beforeAll(async () => {
    // Debian's chromium, installed by apt when missing; never a downloaded browser.
    executablePath = await ensureCommand('chromium', 'chromium', 'render test');
    browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'dockbook-chromium-')), {
      executablePath,
      args: ARGS,
      headless: true,
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function visit(url: string, viewport = { width: 1100, height: 800 }): Promise<Visit> {
    const page = await browser.newPage();
    await page.setViewportSize(viewport);
    const v: Visit = { page, errors: [], requests: [], dialogs: [] };
    page.on('console', (m) => m.type() === 'error' && v.errors.push(m.text()));
    page.on('pageerror', (e) => v.errors.push(e.message));
    page.on('request', (r) => v.requests.push(r.url()));
    page.on('dialog', (d) => {
      v.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
    return v;
  }

  it("loads every page with no console errors and no request outside the page's folder", async () => {
    const folder = pathToFileURL(course.outDir).href + '/';
    for (const file of pages) {
      const v = await visit(pathToFileURL(file).href);
      expect(v.errors, file).toEqual([]);
      // The page itself, then its two scripts, all from its own folder.
      expect(v.requests.map((url) => url.slice(folder.length)).slice(1), file).toEqual(['search-index.js', 'guide.js']);
      expect(
        v.requests.filter((url) => !url.startsWith(folder)),
        file,
      ).toEqual([]);
      await v.page.close();
    }
  });

  it('searches prose, code and outputs from every page, and each hit lands on its section or cell', async () => {
    const searches = [
      { query: 'kiwifruit', first: '02-escape.html#a-dockerfile-highlighted', what: 'prose' },
      { query: '<none> & co', first: '01-passing.html#cell-2', what: 'an output' },
    ];
    for (const file of pages) {
      const v = await visit(pathToFileURL(file).href);
      const input = v.page.locator('#search input');
      expect(await input.isVisible(), file).toBe(true);
      for (const { query, first, what } of searches) {
        await input.fill(query);
        const hit = v.page.locator('#search-results a').first();
        expect(await hit.getAttribute('href'), `${file}: ${what}`).toBe(first);
        expect(await v.page.locator('#search-results mark').first().innerText()).not.toBe('');
      }
      await input.fill('nothing-says-this');
      expect(await v.page.locator('#search-results').innerText()).toContain('Nothing in the course matches');
      await input.fill('<none> & co');
      await v.page.locator('#search-results a').first().click();
      await v.page.waitForURL(/01-passing\.html#cell-2$/);
      // The cell is on screen: at the top, or lower when the page ends before it can scroll there.
      const top = await v.page.evaluate<number>("document.getElementById('cell-2').getBoundingClientRect().top");
      expect(top, file).toBeGreaterThanOrEqual(-1);
      expect(top, file).toBeLessThan(await v.page.evaluate<number>('innerHeight'));
      expect(v.errors, file).toEqual([]);
      await v.page.close();
    }
  });

  it('reads in full without JavaScript: cells, outputs and reasons shown; no search box, no copy buttons', async () => {
    const plain = await chromium.launch({ executablePath, args: ARGS, headless: true });
    try {
      const page = await (await plain.newContext({ javaScriptEnabled: false })).newPage();
      await page.goto(pathToFileURL(join(course.outDir, '01-passing.html')).href);
      for (const n of [1, 2, 3]) expect(await page.locator(`#cell-${n}`).isVisible()).toBe(true);
      expect(await page.locator('#cell-1 pre.output').innerText()).toBe('hello\n[exit 0]\n');
      expect(await page.locator('#cell-2 .reason').isVisible()).toBe(true);
      expect(await page.locator('#chapters ol a').count()).toBe(2);
      expect(await page.locator('#search').isVisible()).toBe(false);
      expect(await page.locator('button.copy').count()).toBe(0);
    } finally {
      await plain.close();
    }
  });

  it("follows the reader's colour scheme: dark colours when the system asks for them", async () => {
    const colours = async (scheme: 'light' | 'dark') => {
      const v = await visit(pathToFileURL(join(course.outDir, '02-escape.html')).href);
      await v.page.emulateMedia({ colorScheme: scheme });
      const read = await v.page.evaluate<string[]>(
        "[document.body, document.querySelector('pre.code'), document.querySelector('.hljs-keyword')]" +
          '.map((e) => getComputedStyle(e).backgroundColor + " " + getComputedStyle(e).color)',
      );
      await v.page.close();
      return read;
    };
    const light = await colours('light');
    const dark = await colours('dark');
    expect(light[0]).toBe('rgb(255, 255, 255) rgb(29, 31, 33)');
    for (const i of [0, 1, 2]) expect(dark[i], `element ${i}`).not.toBe(light[i]);
  });

  it("shows a failed cell's reason, the runner's message and diff, beside its red badge", async () => {
    const v = await visit(pathToFileURL(join(course.outDir, '01-passing.html')).href);
    const reason = v.page.locator('#cell-2 .reason');
    expect(await reason.isVisible()).toBe(true);
    expect(await reason.innerText()).toContain('Why it failed: its output differs from the expected block');
    expect(await reason.innerText()).toContain('--- expected (from the notebook)');
    expect(await v.page.locator('#cell-2 .badge.failed').isVisible()).toBe(true);
    await v.page.close();
  });

  it('shows the title once, the docker command before the TypeScript, and highlights each language', async () => {
    const v = await visit(pathToFileURL(join(course.outDir, '02-escape.html')).href);
    expect(await v.page.locator('h1').count()).toBe(1);
    expect(await v.page.locator('h1').innerText()).toContain('Escaping <outputs>');
    expect(await v.page.evaluate<string>('document.documentElement.lang')).toBe('en');
    expect(await v.page.locator('#cell-1 > pre').first().getAttribute('class')).toBe('command');
    expect(await v.page.locator('#cell-1 pre.command').innerText()).toMatch(/^\$ docker run busybox echo '<script>'/);
    const colour = (selector: string) =>
      v.page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).color`);
    expect(await colour('pre.language-dockerfile .hljs-keyword, code.language-dockerfile .hljs-keyword')).not.toBe(
      await colour('code.language-dockerfile'),
    );
    expect(await colour('#cell-1 pre.code .hljs-string')).not.toBe(await colour('#cell-1 pre.code code'));
    await v.page.close();
  });

  it('puts a copy button on every code block, which copies the command without its prompt', async () => {
    await browser.grantPermissions(['clipboard-read', 'clipboard-write']);
    const v = await visit(pathToFileURL(join(course.outDir, '02-escape.html')).href);
    expect(await v.page.locator('main pre').count()).toBe(await v.page.locator('main pre > button.copy').count());
    const button = v.page.locator('#cell-1 pre.command button.copy');
    await button.click();
    await v.page.waitForFunction("document.querySelector('#cell-1 pre.command button.copy').textContent !== 'Copy'");
    expect(await button.innerText()).toBe('Copied');
    expect(await v.page.evaluate<string>('navigator.clipboard.readText()')).toBe("docker run busybox echo '<script>'");
    await v.page.close();
  });

  it('resolves every internal link to a file and an element, and lands concept links on their cell', async () => {
    for (const file of pages) {
      const v = await visit(pathToFileURL(file).href);
      const hrefs = await v.page.evaluate<string[]>("[...document.querySelectorAll('a[href]')].map((a) => a.href)");
      expect(hrefs.length, file).toBeGreaterThan(0);
      for (const href of hrefs) {
        const url = new URL(href);
        expect(url.protocol, href).toBe('file:');
        expect(existsSync(fileURLToPath(url)), href).toBe(true);
        if (!url.hash) continue;
        await v.page.goto(href);
        const top = await v.page.evaluate<number | undefined>(
          `document.getElementById(${JSON.stringify(decodeURIComponent(url.hash.slice(1)))})` +
            `?.getBoundingClientRect().top`,
        );
        expect(top, `${file} → ${href}`).toBeDefined();
        // A concept link scrolls its cell to the top (unless the page ends before it can).
        if (file === pages[0] && /#cell-/.test(href))
          expect(
            Math.abs(top!) < 2 ||
              (await v.page.evaluate<boolean>('innerHeight + scrollY >= document.body.scrollHeight - 1')),
            href,
          ).toBe(true);
      }
      await v.page.close();
    }
  });

  it('shows an output holding <script> as text, and runs nothing', async () => {
    const v = await visit(pathToFileURL(join(course.outDir, '02-escape.html')).href);
    expect(await v.page.locator('pre.output code').first().innerText()).toBe(`${SCRIPT}\n`);
    expect(await v.page.evaluate<string[]>("[...document.scripts].map((s) => s.getAttribute('src'))")).toEqual([
      'search-index.js',
      'guide.js',
    ]);
    expect(await v.page.innerText('body')).toContain('<b>raw html</b>');
    expect(v.dialogs).toEqual([]);
    await v.page.close();
  });

  it('fits a 390 px phone screen on every page, in light and dark', async () => {
    for (const file of pages)
      for (const colorScheme of ['light', 'dark'] as const) {
        const v = await visit(pathToFileURL(file).href, { width: 390, height: 844 });
        await v.page.emulateMedia({ colorScheme });
        expect(await v.page.evaluate<number>('document.documentElement.scrollWidth'), `${file} ${colorScheme}`).toBe(
          390,
        );
        await v.page.close();
      }
  });

  it('keeps screenshots: the index, a chapter on a desktop and a phone, dark, and a search', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const desktop = { width: 1100, height: 800 };
    const phone = { width: 390, height: 844 };
    const shots = [
      { file: pages[0]!, png: 'index.png', viewport: desktop, scheme: 'light' as const },
      {
        file: join(course.outDir, '01-passing.html'),
        png: 'notebook-desktop.png',
        viewport: desktop,
        scheme: 'light' as const,
      },
      {
        file: join(course.outDir, '01-passing.html'),
        png: 'notebook-phone.png',
        viewport: phone,
        scheme: 'light' as const,
      },
      {
        file: join(course.outDir, '02-escape.html'),
        png: 'notebook-dark.png',
        viewport: desktop,
        scheme: 'dark' as const,
      },
      {
        file: join(course.outDir, '02-escape.html'),
        png: 'search.png',
        viewport: desktop,
        scheme: 'light' as const,
        query: 'kiwifruit',
      },
    ];
    for (const { file, png, viewport, scheme, query } of shots) {
      const v = await visit(pathToFileURL(file).href, viewport);
      await v.page.emulateMedia({ colorScheme: scheme });
      if (query) await v.page.locator('#search input').fill(query);
      const path = join(SCREENSHOTS, png);
      await v.page.screenshot({ path, fullPage: !query });
      expect(statSync(path).size, path).toBeGreaterThan(1000);
      expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
      await v.page.close();
    }
  });
});
