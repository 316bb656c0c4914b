// pnpm bench (part 9): the resident portal on a slow phone. The JavaScript its
// first page loads, gzipped as the gateway sends it; then, in headless
// Chromium with the CPU slowed 4x (DevTools' Emulation.setCPUThrottlingRate)
// at a phone's size, the time from navigation to a usable step 1 (the account
// number field on screen and taking input) at /pay, and to the home page's
// "Pay a bill" button at /, each from a cold cache (a new browser context).
import { chromium } from 'playwright-core';
import { startBenchPlatform } from './bench-platform.mjs';

const RUNS = Number(process.env.BENCH_PORTAL_RUNS ?? 7);
const CPU_SLOWDOWN = 4;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const platform = await startBenchPlatform('portal', { poolName: 'bench-portal' });
  const gateway = await platform.startGateway({ trustProxy: true, demoTenants: ['norwalk'] });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell', headless: true, args: CHROMIUM_ARGS });
  const base = `http://127.0.0.1:${gateway.port}`;

  try {
    // What the first page costs on the wire: its entry script and every chunk it preloads, as served (gzip).
    const html = await (await fetch(`${base}/?tenant=norwalk`)).text();
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]);
    let total = 0;
    const parts = [];
    for (const script of scripts) {
      const response = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'gzip' } });
      const bytes = Number(response.headers.get('content-length'));
      await response.arrayBuffer();
      total += bytes;
      parts.push(`${script.replace(/^\/assets\//, '')} ${kb(bytes)}`);
    }
    process.stdout.write(`\nportal: first page loads ${kb(total)} of JavaScript gzipped (${parts.join(', ')})\n`);

    const measure = async (path, ready) => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US', isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      await page.goto(`${base}${path}`, { waitUntil: 'commit' });
      await ready(page);
      // Milliseconds since the navigation started, read in the page when the step became usable.
      const ms = await page.evaluate(() => performance.now());
      await context.close();
      return ms;
    };
    const stepOne = async (page) => {
      const field = page.getByLabel('Account number');
      await field.waitFor({ timeout: 60_000 });
      await field.fill('10-1001-00');
    };
    const home = (page) => page.getByRole('button', { name: 'Pay a bill' }).waitFor({ timeout: 60_000 });

    for (const [label, path, ready] of [
      ['step 1 (/pay, account number field usable)', '/pay?tenant=norwalk', stepOne],
      ['home (/, "Pay a bill" on screen)', '/?tenant=norwalk', home],
    ]) {
      await measure(path, ready); // one to warm the gateway, not the browser (each run is a new context: cold cache)
      const times = [];
      for (let run = 0; run < RUNS; run++) times.push(await measure(path, ready));
      process.stdout.write(
        `  ${label}, CPU ${CPU_SLOWDOWN}x slower, 390x844, cold cache: median ${Math.round(median(times))} ms, best ${Math.round(Math.min(...times))} ms, worst ${Math.round(Math.max(...times))} ms (${RUNS} runs)\n`,
      );
    }
  } finally {
    await browser.close();
    await platform.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
