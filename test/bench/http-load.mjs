// The one HTTP load generator of the benches: `clients` keep-alive clients,
// each POSTing and waiting for its answer before the next, until the time is
// up. Closed-loop, so throughput and latency are those of the server under
// `clients` requests in flight, not of a queue the generator builds up.
import http from 'node:http';

/** An answer counts when it is 200 and says no GraphQL error. */
const answeredWithoutErrors = (status, text) => status === 200 && !text.includes('"errors"');

/** A makePayment answer counts when the payment was captured (a decline or a userError is not a payment made). */
export const paymentCaptured = (status, text) => status === 200 && text.includes('"status":"CAPTURED"');

/**
 * Loads `url` for `durationMs` from `clients` clients. `request(client)` gives
 * each request's body and extra headers; it runs before the request's clock
 * starts (a token made at the processor beforehand, as a browser does, is not
 * the server's time). `succeeded(status, text)` says whether an answer counts.
 * Returns successes per second, the p50 and p99 latency of successes (ms), the
 * failures, and the first failure as text (to tell a slow figure from a wrong one).
 */
export async function postLoad({ url, clients, durationMs, request, succeeded = answeredWithoutErrors }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const target = new URL(url);
  const latencies = [];
  let errors = 0;
  let firstError = null;
  const failed = (why) => {
    errors += 1;
    firstError ??= why;
  };
  const once = ({ body, headers = {} }) =>
    new Promise((resolve) => {
      const started = performance.now();
      const options = { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers } };
      const req = http.request(options, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          if (succeeded(res.statusCode, text)) latencies.push(performance.now() - started);
          else failed(`${res.statusCode} ${text.slice(0, 300)}`);
          resolve();
        });
      });
      req.on('error', (error) => {
        failed(String(error));
        resolve();
      });
      req.end(body);
    });
  const deadline = performance.now() + durationMs;
  const client = async (index) => {
    while (performance.now() < deadline) await once(await request(index));
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors, firstError };
}
