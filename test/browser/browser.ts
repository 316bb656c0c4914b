import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import type { AxeResults, Result as AxeViolation } from 'axe-core';
import { startTestPlatform, type TestPlatform, type TestPlatformOptions } from '@platform/testkit';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

export type { Browser, Locator, Page };

/*
 * Real Chromium for browser tests: Debian's Chromium headless shell
 * (.ci/install-chromium puts it there; the engine of the browser without its
 * desktop shell, as playwright drives headless), driven by playwright-core,
 * which downloads no browser of its own.
 * Here rather than in @platform/testkit: loading playwright-core takes a few
 * tenths of a second, which every other test file would pay.
 */

/** Where Chromium is; CHROMIUM_PATH overrides. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';

/**
 * Without the networking flags Chromium keeps calling outside hosts (updates,
 * sync, QUIC probes), which this network refuses; the tests talk to loopback only.
 */
const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** Screenshots go here (git-ignored with the rest of .data/); SCREENSHOTS_DIR overrides. */
const SCREENSHOTS_DIR = process.env.SCREENSHOTS_DIR ?? path.resolve(__dirname, '../..', '.data/screenshots');

let workerChromium: Promise<Browser> | undefined;

/**
 * This test worker's Chromium, launched on the first ask and kept for the run:
 * the worker is a thread that runs file after file (jest.config.js), so the
 * browser outlives each file, and goes with the thread when the run ends (its
 * control pipe closes). Launching cost each browser test file half a second to
 * a second and a half. Files never close it: each test gets a context of its
 * own (openPage), no storage shared, and closes that.
 */
export function workerBrowser(): Promise<Browser> {
  if (!workerChromium) {
    const launching = chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
    workerChromium = launching;
    // A launch that failed, or a Chromium that died, is not handed to the files after it: the next ask launches anew.
    const forget = () => {
      if (workerChromium === launching) workerChromium = undefined;
    };
    launching.then((browser) => {
      browser.on('disconnected', forget);
      if (isMainThread) globalThis.__inBandChromium = browser;
    }, forget);
  }
  return workerChromium;
}

/*
 * Run in band (`--maxWorkers=1`), the files run in Jest's own process, which no thread's end closes: Jest waited on
 * Chromium for ever once the run was over. The run's global teardown (test/setup/global-teardown.mjs) closes it.
 */
declare global {
  var __inBandChromium: Browser | undefined;
}

/** A page in its own context (no shared storage between tests) that records every console error and uncaught exception. */
export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors and uncaught exceptions so far, as text. */
  readonly consoleErrors: readonly string[];
  /** Throws listing them when there is any console error or uncaught exception, except those `allowed` (an error a test provoked on purpose). */
  expectNoConsoleErrors(allowed?: readonly RegExp[]): void;
  close(): Promise<void>;
}

export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'en-US', ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error at ${message.location().url || page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught ${error.name}: ${error.message}`));
  return {
    page,
    context,
    consoleErrors: errors,
    expectNoConsoleErrors(allowed = []) {
      const unexpected = errors.filter((error) => !allowed.some((pattern) => pattern.test(error)));
      if (unexpected.length > 0) throw new Error(`the page logged ${unexpected.length} error(s):\n${unexpected.join('\n')}`);
    },
    close: () => context.close(),
  };
}

let axeSource: string | undefined;

/**
 * Runs axe-core in the page and its frames (injected through the DevTools
 * protocol, so the page's CSP does not stop it) and throws on any serious or critical
 * violation, naming the rule, its help text and the elements at fault.
 * Returns every violation found (the minor and moderate ones too) for tests
 * that want to look further.
 */
export async function expectNoSeriousAccessibilityViolations(page: Page): Promise<readonly AxeViolation[]> {
  // Into every frame, the processor's cross-origin hosted fields too: axe checks a frame only when it runs there, and
  // waits half a second for an answer from one where it does not. Once per document: parsing axe (half a megabyte)
  // again for every check on the same page is wasted time.
  for (const frame of page.frames()) {
    if (await frame.evaluate<boolean>(`typeof axe === 'object'`)) continue;
    axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await frame.evaluate(axeSource);
    // By default axe talks only to frames of its own origin; these tests load every frame themselves.
    await frame.evaluate(`axe.configure({ allowedOrigins: ['<unsafe_all_origins>'] })`);
  }
  // A string, as it runs in the page (this package has no DOM types).
  const results = await page.evaluate<AxeResults>(`axe.run(document, { resultTypes: ['violations'] })`);
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  if (serious.length > 0) {
    const lines = serious.map(
      (v) => `- ${v.id} (${v.impact}): ${v.help}\n    at ${v.nodes.map((node) => node.target.join(' ')).join(', ')}\n    ${v.nodes[0]?.failureSummary?.replace(/\n/g, ' ') ?? ''}`,
    );
    throw new Error(`accessibility violations on ${page.url()}:\n${lines.join('\n')}`);
  }
  return results.violations;
}

/** The WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA, as axe-core tags them: what a city's ADA coordinator audits. */
const WCAG_AA_TAGS: readonly string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * Every violation of a WCAG A/AA rule axe-core finds in the page and its frames, whatever its impact (a "moderate"
 * one fails an audit as surely as a critical one), each as one line naming the rule and the elements at fault.
 */
export async function wcagViolations(page: Page): Promise<string[]> {
  for (const frame of page.frames()) {
    if (await frame.evaluate<boolean>(`typeof axe === 'object'`)) continue;
    axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    await frame.evaluate(axeSource);
    await frame.evaluate(`axe.configure({ allowedOrigins: ['<unsafe_all_origins>'] })`);
  }
  const results = await page.evaluate<AxeResults>(`axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_AA_TAGS)} } })`);
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * Full-page screenshots of the page at desktop (1280x800) and phone (390x844)
 * sizes, as `<name>-desktop.png` and `<name>-phone.png`. Throws when the page is
 * wider than either viewport: a person would have to scroll sideways.
 */
export async function screenshotAtBothSizes(page: Page, name: string): Promise<readonly string[]> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const original = page.viewportSize();
  const files: string[] = [];
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    if (width > viewport.width) throw new Error(`${page.url()} is ${width}px wide at the ${size} size (${viewport.width}px): it scrolls sideways`);
    const file = path.join(SCREENSHOTS_DIR, `${name}-${size}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  if (original) await page.setViewportSize(original);
  return files;
}

/**
 * A browser test file's set-up: one platform for the file, started while the
 * worker's Chromium starts (or is there already), and a fresh tab for each test. Read `platform` and `tab`
 * inside tests (they exist once the hooks have run).
 */
export function platformInBrowser(options: TestPlatformOptions = {}): { readonly platform: TestPlatform; readonly tab: WatchedPage } {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  let tab: WatchedPage | undefined;
  beforeAll(async () => {
    [platform, browser] = await Promise.all([startTestPlatform(options), workerBrowser()]);
  });
  afterAll(async () => {
    await platform?.close();
  });
  beforeEach(async () => {
    tab = await openPage(browser!);
  });
  afterEach(async () => {
    await tab?.close();
  });
  return {
    get platform() {
      return platform!;
    },
    get tab() {
      return tab!;
    },
  };
}

/** A table's body rows as a person reads them: each cell under its column's heading. */
export function tableRows(table: Locator): Promise<Record<string, string>[]> {
  return table.evaluate((element) => {
    interface Node {
      readonly textContent: string | null;
      querySelectorAll(selector: string): ArrayLike<Node>;
    }
    const root = element as unknown as Node;
    const text = (node: Node) => (node.textContent ?? '').trim();
    const headings = Array.from(root.querySelectorAll('thead th'), text);
    return Array.from(root.querySelectorAll('tbody tr'), (row) => Object.fromEntries(Array.from(row.querySelectorAll('th, td'), (cell, i) => [headings[i] ?? String(i), text(cell)])));
  });
}
