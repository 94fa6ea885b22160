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

  beforeAll(async () => {
    // Debian's chromium, installed by apt when missing; never a downloaded browser.
    const executablePath = await ensureCommand('chromium', 'chromium', 'render test');
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

  it('loads every page with no console errors and no request but file://', async () => {
    for (const file of pages) {
      const v = await visit(pathToFileURL(file).href);
      expect(v.errors, file).toEqual([]);
      expect(v.requests.length, file).toBeGreaterThan(0);
      expect(
        v.requests.filter((url) => !url.startsWith('file://')),
        file,
      ).toEqual([]);
      await v.page.close();
    }
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

  it('fits a phone screen and keeps screenshots of the index and a notebook page', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const shots = [
      { file: pages[0]!, png: join(SCREENSHOTS, 'index.png'), viewport: { width: 1100, height: 800 } },
      {
        file: join(course.outDir, '01-passing.html'),
        png: join(SCREENSHOTS, 'notebook-phone.png'),
        viewport: { width: 390, height: 844 },
      },
    ];
    for (const { file, png, viewport } of shots) {
      const v = await visit(pathToFileURL(file).href, viewport);
      expect(await v.page.evaluate<boolean>('document.documentElement.scrollWidth <= innerWidth'), file).toBe(true);
      await v.page.screenshot({ path: png, fullPage: true });
      expect(statSync(png).size, png).toBeGreaterThan(1000);
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
      await v.page.close();
    }
  });
});
