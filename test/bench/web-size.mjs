// The JavaScript each web app loads, gzipped as the gateway sends it: its entry and every chunk it preloads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/web/dist');
const gzipped = (file) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

for (const app of ['portal', 'console']) {
  const html = readFileSync(path.join(dist, app, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const sizes = scripts.map((file) => [file, gzipped(file)]);
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  console.log(`web ${app}: ${kb(total)} of JavaScript gzipped (${sizes.map(([file, size]) => `${path.basename(file)} ${kb(size)}`).join(', ')})`);
}
