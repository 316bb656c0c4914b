// The baseline of gateway-versus-apollo.mjs, in a process of its own: a bare
// Apollo Server 5 on its own node:http integration (startStandaloneServer)
// answering `{ hello }`, with Apollo's defaults (document cache included).
// Prints {"ready":{"url":...}} once serving; stops on "stop" (or stdin closing).
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

// @apollo/server is the gateway's dependency, not the repository root's: load it from there.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const load = createRequire(path.join(root, 'services/gateway/package.json'));
const { ApolloServer } = load('@apollo/server');
const { startStandaloneServer } = load('@apollo/server/standalone');

async function main() {
  const server = new ApolloServer({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  process.stdout.write(`${JSON.stringify({ ready: { url } })}\n`);
  for await (const line of readline.createInterface({ input: process.stdin })) if (line === 'stop') break;
  await server.stop();
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
