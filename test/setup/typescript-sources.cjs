/*
 * Loaded into each test worker (./typescript-hooks.mjs) before any test
 * file: TypeScript runs as it is required, compiled by swc with the
 * project's .swcrc, and `@platform/x` resolves to the package's
 * src/index.ts, so tests run the code as written, without a build, and a
 * package's source and its test helpers share one copy of each module.
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');

/** `@platform/x` -> its src/index.ts, for every workspace package with one (the web pages are a bundle, not a library). */
function workspaceSources() {
  const sources = new Map();
  for (const group of ['packages', 'services']) {
    for (const dir of fs.readdirSync(path.join(root, group))) {
      const manifest = path.join(root, group, dir, 'package.json');
      const entry = path.join(root, group, dir, 'src', 'index.ts');
      if (fs.existsSync(manifest) && fs.existsSync(entry)) sources.set(JSON.parse(fs.readFileSync(manifest, 'utf8')).name, entry);
    }
  }
  return sources;
}

// Ahead of Node's own resolution for the workspace's packages (as module-alias and tsconfig-paths do).
const sources = workspaceSources();
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return sources.get(request) ?? resolveFilename.call(this, request, ...rest);
};

const swc = { ...JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8')), swcrc: false };
require.extensions['.ts'] = (module, filename) => {
  module._compile(transformSync(fs.readFileSync(filename, 'utf8'), { ...swc, filename }).code, filename);
};
// A failure's stack trace points into the TypeScript (the compiled code carries its source map inline).
process.setSourceMapsEnabled(true);
