import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { auditCount } from '../customers/customer-api';

/*
 * The production shape README describes (docker/compose.yaml: gateways behind
 * nginx), run as those files configure it: the gateway trusts the proxy as
 * compose says, and each request reaches it as nginx.conf forwards it. Were
 * nginx to send no X-Forwarded-For, or the gateways not to believe it, every
 * client would be the balancer's one address, and one stranger's failed
 * look-ups would lock out every guest of the city.
 */

const DOCKER = path.join(__dirname, '../../docker');
const nginx = readFileSync(path.join(DOCKER, 'nginx.conf'), 'utf8');
const compose = readFileSync(path.join(DOCKER, 'compose.yaml'), 'utf8');
const gatewayService = compose.slice(compose.indexOf('\n  gateway:'), compose.indexOf('\n  worker:'));
const composeTrustsProxy = /^\s+TRUST_PROXY:\s*['"]?true['"]?\s*$/m.test(gatewayService);

/** nginx.conf's servers, each with what it listens on and its directives. */
const servers = nginx.split(/^server \{$/m).slice(1);
const listening = (port: string) => servers.find((server) => new RegExp(`^\\s*listen ${port}\\b`, 'm').test(server)) ?? '';

/** nginx.conf's `proxy_set_header` lines but the hop-by-hop ones (the WebSocket upgrade), as [header, value]. */
const proxySetHeaders = [...nginx.matchAll(/^\s*proxy_set_header\s+(\S+)\s+("[^"]*"|\S+);/gm)]
  .map(([, name, value]) => [name!.toLowerCase(), value!.replace(/^"|"$/g, '')] as const)
  .filter(([name]) => name !== 'upgrade' && name !== 'connection');

/** The headers a gateway receives when a client at `address` sends `headers` (a Host among them) through the balancer. */
function forwardedByBalancer(address: string, headers: Readonly<Record<string, string>>): Record<string, string> {
  const host = headers.host!;
  const variables: Readonly<Record<string, string>> = {
    $remote_addr: address,
    $proxy_add_x_forwarded_for: headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${address}` : address,
    $http_host: host,
    $host: host.replace(/:\d+$/, ''),
    // Requests are proxied from the TLS server alone (port 80 only redirects).
    $scheme: 'https',
    $request_id: randomBytes(16).toString('hex'),
  };
  // What nginx does not set passes as the client sent it; a header set to an empty value is not sent.
  const forwarded: Record<string, string> = { ...headers };
  for (const [name, value] of proxySetHeaders) {
    const evaluated = value.replace(/\$[a-z_]+/g, (variable) => {
      const known = variables[variable];
      if (known === undefined) throw new Error(`nginx.conf uses ${variable}, which this test does not model`);
      return known;
    });
    if (evaluated === '') delete forwarded[name];
    else forwarded[name] = evaluated;
  }
  return forwarded;
}

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: composeTrustsProxy });
});
afterAll(() => platform.close());

interface Answer {
  readonly data?: Record<string, { account?: unknown; userErrors?: { code: string }[] } | null>;
  readonly errors?: { extensions?: { code?: string } }[];
}

/** A GraphQL request from a client at `address`, reaching a gateway through the balancer (every one from the balancer's own socket). */
function sendThroughBalancer(address: string, headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  return sendWithHeadersThroughBalancer(address, headers, query, variables).then(({ answer }) => answer);
}

/** As sendThroughBalancer, with the headers of the gateway's answer. */
function sendWithHeadersThroughBalancer(
  address: string,
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ answer: Answer; headers: IncomingHttpHeaders }> {
  const forwarded = forwardedByBalancer(address, { 'content-type': 'application/json', ...headers });
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: platform.gateway.port, path: '/graphql', method: 'POST', headers: forwarded }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ answer: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query, variables }));
  });
}

const LOOKUP = 'mutation Lookup($input: LookupAccountInput!) { lookupAccount(input: $input) { account { serviceAccountId } userErrors { code } } }';
const outcome = (answer: Answer) => answer.errors?.[0]?.extensions?.code ?? answer.data?.lookupAccount?.userErrors?.[0]?.code ?? 'OK';

describe('the docker/ deployment (gateways behind nginx)', () => {
  it('counts each client by its own address, whatever X-Forwarded-For it sends, and logs that address', async () => {
    const norwalk = { host: 'norwalk.pay.example.gov' };
    const stranger = '203.0.113.7';
    // Twenty made-up account numbers (the per-address failure limit), each claiming to come from somewhere else.
    for (let i = 0; i < 20; i++) {
      const attempt = await sendThroughBalancer(stranger, { ...norwalk, 'x-forwarded-for': `10.9.0.${i + 1}` }, LOOKUP, { input: { accountNumber: `9999-${1000 + i}` } });
      expect(outcome(attempt)).toBe('VERIFICATION_FAILED');
    }
    expect(outcome(await sendThroughBalancer(stranger, { ...norwalk, 'x-forwarded-for': '10.9.1.1' }, LOOKUP, { input: { accountNumber: '9999-2000' } }))).toBe('RATE_LIMITED');
    expect(await auditCount(platform, 'norwalk', `kind = 'LOOKUP_FAILED' AND client_ip = $1`, [stranger])).toBe(20);

    // A resident elsewhere, a moment later, with their real account number.
    const resident = await sendThroughBalancer('198.51.100.23', norwalk, LOOKUP, { input: { accountNumber: '10-1001-00' } });
    expect(outcome(resident)).toBe('OK');
    expect(resident.data?.lookupAccount?.account).not.toBeNull();
  });

  it('names the city by the host the client asked for, never by an X-Forwarded-Host it sends', async () => {
    const answer = await sendThroughBalancer('198.51.100.24', { host: 'norman.pay.example.gov', 'x-forwarded-host': 'norwalk.pay.example.gov' }, '{ tenant { slug } }');
    expect(answer).toEqual({ data: { tenant: { slug: 'norman' } } });
  });

  // A browser that reached the platform over https once is kept there (Strict-Transport-Security); one that comes over
  // plain http is only sent on to https, never served a page or a sign-in anyone on the path could read or rewrite.
  it('serves over TLS alone: port 80 only redirects to https, and answers through the balancer say Strict-Transport-Security', async () => {
    const directives = (server: string) =>
      server
        .replace(/#.*$/gm, '')
        .replace(/\}\s*$/, '')
        .split(';')
        .map((directive) => directive.trim())
        .filter(Boolean);
    expect(directives(listening('80'))).toEqual(['listen 80', 'access_log /var/log/nginx/access.log no_query', 'return 301 https://$host$request_uri']);
    expect(listening('443 ssl')).toContain('proxy_pass http://gateways;');
    const { answer, headers } = await sendWithHeadersThroughBalancer('198.51.100.25', { host: 'norwalk.pay.example.gov' }, '{ tenant { slug } }');
    expect(answer).toEqual({ data: { tenant: { slug: 'norwalk' } } });
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});
