// One Chromium for the whole run, started when the first browser test file
// asks for it. Launching Chromium cost each browser test file half a second to
// a second and a half (more while the other worker starts a platform); a file
// that connects to a running one waits some tens of milliseconds. Each test
// still gets a context of its own (no shared storage), as with its own browser.
//
// Jest's parent process answers POST / on loopback (the body: playwright's
// launch options, as test/browser/browser.ts has them) with the browser
// server's WebSocket endpoint, launching it on the first request, so a run
// with no browser test starts no Chromium.
import { createServer } from 'node:http';

/** Starts the endpoint; returns its URL and a function that stops it and Chromium. */
export async function startSharedBrowser() {
  let launched;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      launched ??= import('playwright-core').then(({ chromium }) => chromium.launchServer(JSON.parse(body)));
      launched.then(
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
      await launched?.then((browser) => browser.close()).catch(() => undefined);
    },
  };
}
