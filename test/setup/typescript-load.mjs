// A module loader hook (registered by ./typescript-hooks.mjs): a .ts file
// imported is loaded as CommonJS, so require and its TypeScript handler
// (./typescript-sources.cjs) load it, and it shares the modules it requires
// with every other test file of the worker.
export async function load(url, context, nextLoad) {
  if (/\.ts(\?|$)/.test(url)) return { format: 'commonjs', shortCircuit: true };
  return nextLoad(url, context);
}
