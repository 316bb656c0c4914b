// The test workers' first setup file (jest.config.js, setupFiles): TypeScript
// for require (./typescript-sources.cjs), and for the runner's import() of
// each test file, which ./typescript-load.mjs hands to require.
import { createRequire, register } from 'node:module';

createRequire(import.meta.url)('./typescript-sources.cjs');
register('./typescript-load.mjs', import.meta.url);
