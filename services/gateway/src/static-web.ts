import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/*
 * The web pages (packages/web's build): the resident portal at `/`, the staff
 * console at `/console`, their hashed assets at `/assets/`. Files are read
 * once into memory from a listing of the build folder, and a request only
 * ever looks a name up in that listing, so no request path reaches the file
 * system (no traversal to guard). Rebuilt pages are served after a restart.
 */

interface WebFile {
  readonly body: Buffer;
  readonly gzipped: Buffer | null;
  readonly contentType: string;
  readonly etag: string;
}

interface WebBuild {
  readonly portal: WebFile;
  readonly console: WebFile;
  /** By file name under /assets/. */
  readonly assets: ReadonlyMap<string, WebFile>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/**
 * What the pages may do: scripts and styles only from here (no inline script),
 * API calls and the live WebSocket only to here, images also from a city's own
 * https logo address, frames only from the processor's hosted payment form
 * (`hostedFieldsOrigin`; none when there is no processor), and no framing by
 * other sites.
 */
export function webContentSecurityPolicy(hostedFieldsOrigin: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    "connect-src 'self'",
    `frame-src ${hostedFieldsOrigin ?? "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function htmlHeaders(hostedFieldsOrigin: string | null): Readonly<Record<string, string>> {
  return {
    'content-security-policy': webContentSecurityPolicy(hostedFieldsOrigin),
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // The page decides after each deployment; a stale page would ask for assets that no longer exist.
    'cache-control': 'no-cache',
  };
}
// File names carry a content hash: a changed file is a new name.
const ASSET_HEADERS = { 'cache-control': 'public, max-age=31536000, immutable' };

function loadFile(file: string): WebFile {
  const body = readFileSync(file);
  const contentType = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
  const compressible = /^(text\/|application\/json|image\/svg)/.test(contentType);
  return {
    body,
    gzipped: compressible && body.length > 1024 ? gzipSync(body, { level: 9 }) : null,
    contentType,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
  };
}

/** The build in `distDir`, or null when the pages have not been built. */
export function loadWebBuild(distDir: string): WebBuild | null {
  const portal = path.join(distDir, 'portal/index.html');
  const consolePage = path.join(distDir, 'console/index.html');
  if (!existsSync(portal) || !existsSync(consolePage)) return null;
  const assetsDir = path.join(distDir, 'assets');
  const names = existsSync(assetsDir)
    ? readdirSync(assetsDir, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name)
    : [];
  return { portal: loadFile(portal), console: loadFile(consolePage), assets: new Map(names.map((name) => [name, loadFile(path.join(assetsDir, name))])) };
}

function defaultWebDistDir(): string {
  return path.join(path.dirname(require.resolve('@platform/web/package.json')), 'dist');
}

let defaultBuild: WebBuild | null | undefined;

/**
 * Serves a web page or asset when the path is one; returns false for paths
 * that are not the pages' (the caller answers those). Page routes: `/`,
 * `/console` and below, and any other extension-less path a browser navigates
 * to (the portal's own routes); an API client's request there still gets the
 * caller's 404.
 */
export function serveWebPage(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  hostedFieldsOrigin: string | null,
  build: WebBuild | null = (defaultBuild ??= loadWebBuild(defaultWebDistDir())),
): boolean {
  const target = webTarget(pathname, req.headers.accept);
  if (!target) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed\n');
    return true;
  }
  if (!build) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60' });
    res.end('The web pages are not built: run `pnpm build`.\n');
    return true;
  }
  const file = target.kind === 'asset' ? build.assets.get(target.name) : target.kind === 'console' ? build.console : build.portal;
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
    return true;
  }
  sendFile(req, res, file, target.kind === 'asset' ? ASSET_HEADERS : htmlHeaders(hostedFieldsOrigin));
  return true;
}

type WebTarget = { readonly kind: 'asset'; readonly name: string } | { readonly kind: 'console' } | { readonly kind: 'portal' };

/** Which web file a path names, if any. Exported for its unit test. */
export function webTarget(pathname: string, accept: string | undefined): WebTarget | null {
  if (pathname.startsWith('/assets/')) return { kind: 'asset', name: pathname.slice('/assets/'.length) };
  if (pathname === '/console' || pathname.startsWith('/console/')) return { kind: 'console' };
  if (pathname === '/') return { kind: 'portal' };
  const lastSegment = pathname.slice(pathname.lastIndexOf('/') + 1);
  if (!lastSegment.includes('.') && (accept ?? '').includes('text/html')) return { kind: 'portal' };
  return null;
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: WebFile, headers: Readonly<Record<string, string>>): void {
  const common = { ...headers, etag: file.etag, 'x-content-type-options': 'nosniff', vary: 'accept-encoding' };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  const gzipped = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? file.gzipped : null;
  const body = gzipped ?? file.body;
  res.writeHead(200, { ...common, 'content-type': file.contentType, 'content-length': body.length, ...(gzipped ? { 'content-encoding': 'gzip' } : {}) });
  res.end(req.method === 'HEAD' ? undefined : body);
}
