// The measured side of gateway-versus-apollo.mjs, in a process of its own: the
// whole platform (bench-platform.mjs) and one gateway, plus a signed-in
// resident of Norwalk with one linked demo account (with bills), for the
// balance query. Prints {"ready":{"url":...,"residentToken":...}} once
// serving; stops on "stop" (or stdin closing). "profile" starts V8's CPU
// profiler and "profile <file>" writes what it saw since (answering
// {"profiled":...}), so a profile holds the load alone, not the start-up.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import readline from 'node:readline';
import db from '@platform/db';
import tenants from '@platform/tenants';
import { startBenchPlatform } from './bench-platform.mjs';

const { findTenantBySlug, toTenantRef } = tenants;
const PASSWORD = 'bench passphrase for a resident';

async function graphql(url, query, variables) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tenant': 'norwalk' }, body: JSON.stringify({ query, variables }) });
  const { data, errors } = await response.json();
  if (errors) throw new Error(JSON.stringify(errors));
  return data;
}

async function main() {
  const platform = await startBenchPlatform('versus_apollo', { poolSize: 20, poolName: 'bench-versus-apollo' });
  const gateway = await platform.startGateway();
  const { register } = await graphql(gateway.url, 'mutation Register($input: RegisterInput!) { register(input: $input) { session { accessToken } user { id } userErrors { code message } } }', {
    input: { email: 'bench-resident@example.com', password: PASSWORD },
  });
  if (!register.session) throw new Error(`registration refused: ${JSON.stringify(register.userErrors)}`);
  // Linked in SQL: linking's own checks are tested elsewhere; this is the state a resident's portal is in.
  const tenant = toTenantRef(await findTenantBySlug(platform.appDb, 'norwalk'));
  await db.withTenant({ db: platform.appDb, tenant }, (manager) =>
    manager.query(`INSERT INTO account_links (tenant_id, user_id, service_account_id, linked_at) SELECT $1, $2, id, now() FROM service_accounts WHERE account_number = '10-1001-00'`, [
      tenant.id,
      register.user.id,
    ]),
  );
  process.stdout.write(`${JSON.stringify({ ready: { url: gateway.url, residentToken: register.session.accessToken } })}\n`);
  const inspector = new Session();
  inspector.connect();
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line === 'stop') break;
    if (line === 'profile') {
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    } else if (line.startsWith('profile ')) {
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(line.slice('profile '.length), JSON.stringify(profile));
      process.stdout.write(`${JSON.stringify({ profiled: line.slice('profile '.length) })}\n`);
    }
  }
  inspector.disconnect();
  await platform.close();
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
