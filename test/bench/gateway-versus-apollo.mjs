// pnpm bench (issue 17, request overhead): the gateway against a bare Apollo
// Server, measured in the same run. Three processes: a bare Apollo Server 5 on
// its node:http integration answering `{ hello }` (bare-apollo-server.mjs),
// the platform's gateway with its database (gateway-server.mjs), and this one,
// the load generator, which aims at one of them at a time. Each round measures
// every figure once, the order turning from round to round; figures are
// medians over the rounds, each printed beside the bare Apollo's median and the
// ratio (and the median of the per-round ratios, which pairs figures measured
// seconds apart). BENCH_CPU_PROF=<file> writes the gateway's CPU profile of
// the rounds (V8's .cpuprofile, for Chrome DevTools or speedscope).
// BENCH_BASELINE_ROOT=<a built checkout of an older commit> adds that
// checkout's gateway as a fourth process, its figures measured in the same
// rounds, so a change is shown as before/after from one run.
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { postLoad } from './http-load.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const ONLY = process.env.BENCH_ONLY?.split(',');

/** Starts a side (a script of `folder`, this one by default) and resolves with its ready line once it serves. */
function startSide(script, folder = here) {
  const child = spawn(process.execPath, [path.join(folder, script)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const waiting = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) waiting.shift()?.resolve(JSON.parse(line));
  });
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  exited.then((code) => waiting.forEach(({ reject }) => reject(new Error(`${script} exited (${code})`))));
  return next().then(({ ready }) => ({
    ...ready,
    /** Sends a line; with `answered`, resolves with the side's answer. */
    async send(line, answered = false) {
      const answer = answered ? next() : null;
      child.stdin.write(`${line}\n`);
      return answer;
    },
    async stop() {
      child.stdin.end('stop\n');
      await exited;
    },
  }));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** `CLIENTS` clients asking a figure's query for `durationMs`. */
const measure = (figure, durationMs) => postLoad({ url: figure.url, clients: CLIENTS, durationMs, request: () => figure });

async function main() {
  const profile = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
  const baselineRoot = process.env.BENCH_BASELINE_ROOT ? path.resolve(process.env.BENCH_BASELINE_ROOT) : null;
  // The baseline's own bench folder and packages, with this side's script (what it does there is the same).
  const baselineFolder = baselineRoot && path.join(baselineRoot, 'test/bench');
  if (baselineFolder) copyFileSync(path.join(here, 'gateway-server.mjs'), path.join(baselineFolder, 'gateway-server.mjs'));
  const [apollo, gateway, baseline] = await Promise.all([
    startSide('bare-apollo-server.mjs'),
    startSide('gateway-server.mjs'),
    baselineFolder ? startSide('gateway-server.mjs', baselineFolder) : null,
  ]);
  const figuresOf = (side, suffix, label) => [
    { name: `tenant${suffix}`, label: `${label} { tenant { name timezone } }`, url: side.url, headers: { 'x-tenant': 'norwalk' }, query: '{ tenant { name timezone } }' },
    {
      name: `balance${suffix}`,
      label: `${label} resident's balance, 1 account`,
      url: side.url,
      headers: { 'x-tenant': 'norwalk', authorization: `Bearer ${side.residentToken}` },
      query: '{ viewer { serviceAccounts { balance { amountDueNow { amount } } } } }',
    },
  ];
  const figures = [
    { name: 'hello', label: 'bare Apollo Server (node:http) { hello }', url: apollo.url, headers: {}, query: '{ hello }' },
    ...figuresOf(gateway, '', 'gateway'),
    ...(baseline ? figuresOf(baseline, '@baseline', 'baseline gateway') : []),
  ].filter((figure) => figure.name === 'hello' || !ONLY || ONLY.includes(figure.name.replace('@baseline', '')));
  for (const figure of figures) figure.body = JSON.stringify({ query: figure.query });

  try {
    // What each answers, once, so a figure is never the speed of an error; then a warm-up of every path.
    for (const figure of figures) {
      const response = await fetch(figure.url, { method: 'POST', headers: { 'content-type': 'application/json', ...figure.headers }, body: figure.body });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${figure.name}: ${response.status} ${text}`);
      process.stdout.write(`${figure.name}: ${text.trim()}\n`);
      await measure(figure, 1000);
    }
    process.stdout.write(
      `\n${CLIENTS} clients, ${ROUNDS} rounds of ${SECONDS}s per figure, load average before: ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}\n`,
    );
    const rounds = [];
    if (profile) await gateway.send('profile');
    for (let round = 0; round < ROUNDS; round++) {
      const results = {};
      const order = figures.map((_, i) => figures[(i + round) % figures.length]);
      for (const figure of order) {
        const result = await measure(figure, SECONDS * 1000);
        if (result.errors) process.stdout.write(`  ${figure.name}: ${result.errors} errors, first: ${result.firstError}\n`);
        results[figure.name] = result;
      }
      rounds.push(results);
      process.stdout.write(`round ${round + 1}: ${figures.map((f) => `${f.name} ${results[f.name].rps.toFixed(0)}/s`).join(', ')}\n`);
    }
    if (profile) process.stdout.write(`gateway CPU profile: ${(await gateway.send(`profile ${profile}`, true)).profiled}\n`);
    const hello = median(rounds.map((r) => r.hello.rps));
    process.stdout.write(`\n${'figure'.padEnd(53)}  requests/s  p99 ms     hello/s  ratio  (per-round ratio)  goal\n`);
    const goals = { tenant: 0.5, balance: 0.35 };
    for (const figure of figures) {
      const rps = median(rounds.map((r) => r[figure.name].rps));
      const p99 = median(rounds.map((r) => r[figure.name].p99));
      const ratio = rps / hello;
      const paired = median(rounds.map((r) => r[figure.name].rps / r.hello.rps));
      const goal = goals[figure.name];
      // Against the baseline checkout: the median of the per-round ratios (each pair measured seconds apart).
      const versusBaseline = figure.name.endsWith('@baseline') || !rounds[0][`${figure.name}@baseline`] ? null : median(rounds.map((r) => r[figure.name].rps / r[`${figure.name}@baseline`].rps));
      process.stdout.write(
        `${figure.label.padEnd(53)}  ${rps.toFixed(0).padStart(10)}  ${p99.toFixed(1).padStart(6)}  ${hello.toFixed(0).padStart(10)}  ${ratio.toFixed(2).padStart(5)}  ${`(${paired.toFixed(2)})`.padStart(17)}  ${goal === undefined ? '' : `>= ${goal} ${ratio >= goal ? 'met' : 'NOT met'}`}${versusBaseline ? `  ${versusBaseline.toFixed(2)}x the baseline checkout's (per round)` : ''}\n`,
      );
    }
    process.stdout.write(
      `load average after: ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')} (${os.cpus().length} cores)\n`,
    );
  } finally {
    await Promise.all([apollo.stop(), gateway.stop(), baseline?.stop()]);
  }
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
