import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildGatewaySchema, createServiceModules, loadConfig, printGatewaySchema } from '@platform/gateway';

it('schema/schema.graphql is what the code generates (run `pnpm schema` after changing the API)', async () => {
  const committed = readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8');
  const generated = printGatewaySchema(await buildGatewaySchema(createServiceModules({ sessions: loadConfig({}).sessions })));
  expect(generated).toBe(committed);
});
