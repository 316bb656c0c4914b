// @ts-check
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/*
 * Starts the test files that take longest first, so that with a few workers the
 * run does not end with workers idle while one finishes a 30 s
 * browser file it picked up last. Jest's own sequencer does this only from a
 * cache of the last run on this machine, and puts files it has no time for
 * FIRST, ordered by size; a fresh clone (CI) has no cache, and there the
 * order by size started small slow files (the CLI, process crashes) late.
 *
 * Durations come from, in order: this checkout's last run (written after
 * every run into .data/, git-ignored), the committed record
 * test/setup/test-durations.json (relative path -> seconds; refresh it with a
 * whole run: `RECORD_TEST_DURATIONS=1 pnpm exec jest`), then the file's size (a new file
 * of the size of a platform test counts as a platform test).
 */

const root = path.resolve(__dirname, '../..');
const COMMITTED = path.join(__dirname, 'test-durations.json');
const LOCAL = path.join(root, '.data', 'test-durations.json');

/** @returns {Record<string, number>} */
function readDurations(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

/** @param {string} file */
const relative = (file) => path.relative(root, file).split(path.sep).join('/');

/** Seconds per kilobyte of a test file with no recorded duration: what a platform test file of that size took. */
const SECONDS_PER_KB = 1;

class LongestFirstSequencer {
  constructor() {
    this.durations = { ...readDurations(COMMITTED), ...readDurations(LOCAL) };
  }

  /** @param {{ path: string }} test */
  seconds(test) {
    const known = this.durations[relative(test.path)];
    if (known !== undefined) return known;
    try {
      return (fs.statSync(test.path).size / 1024) * SECONDS_PER_KB;
    } catch {
      return 0;
    }
  }

  /** @template {{ path: string }} T @param {T[]} tests @returns {T[]} */
  sort(tests) {
    const seconds = new Map(tests.map((test) => [test, this.seconds(test)]));
    return [...tests].sort((a, b) => seconds.get(b) - seconds.get(a) || (a.path < b.path ? -1 : 1));
  }

  /** @template {{ path: string }} T @param {T[]} tests @returns {T[]} */
  allFailedTests(tests) {
    return this.sort(tests);
  }

  /** `--shard=i/n`: a stable share of the files by their path's hash (as Jest's own does), then longest first. */
  shard(tests, { shardIndex, shardCount }) {
    const hashed = tests.map((test) => ({ test, hash: createHash('sha1').update(relative(test.path)).digest('hex') }));
    hashed.sort((a, b) => (a.hash < b.hash ? -1 : 1));
    const size = Math.ceil(tests.length / shardCount);
    return hashed.slice(size * (shardIndex - 1), size * shardIndex).map(({ test }) => test);
  }

  /** Remembers how long each file took (wall time, as it occupies a worker) for the next run's order. */
  cacheResults(_tests, results) {
    const measured = {};
    for (const result of results.testResults) {
      if (result.skipped || !result.perfStats) continue;
      measured[relative(result.testFilePath)] = Math.round((result.perfStats.end - result.perfStats.start) / 100) / 10;
    }
    fs.mkdirSync(path.dirname(LOCAL), { recursive: true });
    fs.writeFileSync(LOCAL, `${JSON.stringify(sortedByKey({ ...readDurations(LOCAL), ...measured }), null, 2)}\n`);
    // The committed record is this run's files only (run them all), so files since removed leave it.
    if (process.env.RECORD_TEST_DURATIONS) fs.writeFileSync(COMMITTED, `${JSON.stringify(sortedByKey(measured), null, 2)}\n`);
  }
}

/** @param {Record<string, number>} record */
function sortedByKey(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

module.exports = LongestFirstSequencer;
