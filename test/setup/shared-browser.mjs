// One Chromium per Jest worker for the whole run, started when the worker's
// first browser test file asks for it. Launching Chromium cost each browser
// test file half a second to a second and a half (more while the other worker
// starts a platform); a file that connects to a running one waits some tens of
// milliseconds. Each test still gets a context of its own (no shared storage),
// as with its own browser. One per worker, not one for both: a browser renders
// every page of its contexts in one GPU process (software, without a GPU), so
// two workers' pages in one browser wait for each other.
//
// Jest's parent process answers POST /<worker id> on loopback (the body:
// playwright's launch options, as test/browser/browser.ts has them) with that
// worker's browser server's WebSocket endpoint, launched on its first request,
// so a run with no browser test starts no Chromium.
import { createServer } from 'node:http';

/** Starts the endpoint; returns its URL and a function that stops it and every Chromium. */
export async function startSharedBrowsers() {
  const launched = new Map();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const worker = request.url ?? '/';
      if (!launched.has(worker))
        launched.set(
          worker,
          import('playwright-core').then(({ chromium }) => chromium.launchServer(JSON.parse(body))),
        );
      launched.get(worker).then(
        (browser) => response.writeHead(200, { 'content-type': 'text/plain', connection: 'close' }).end(browser.wsEndpoint()),
        (error) => response.writeHead(500, { 'content-type': 'text/plain', connection: 'close' }).end(String(error?.message ?? error)),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      // A launch that failed has nothing to close.
      await Promise.all([...launched.values()].map((browser) => browser.then((b) => b.close()).catch(() => undefined)));
    },
  };
}
