import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/*
 * With REPORT_OPEN_HANDLES=1 (see jest.config.js): as each test file starts,
 * writes what is open in its worker (timers, sockets, child processes, ...) to
 * .data/open-handles.log, one line per file with the worker's pid. Whatever a
 * file leaves open shows on the next line of the same worker: what keeps a
 * worker from exiting when the run ends ("A worker process has failed to exit
 * gracefully"), found without --detectOpenHandles' run in band.
 */

const root = path.resolve(__dirname, '../..');
const log = path.join(root, '.data', 'open-handles.log');
mkdirSync(path.dirname(log), { recursive: true });
const file = path.relative(root, expect.getState().testPath ?? '?');
appendFileSync(log, `${process.pid} ${file}: ${process.getActiveResourcesInfo().sort().join(', ')}\n`);
