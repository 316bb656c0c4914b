import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildGatewaySchema, createServiceModules, loadConfig, printGatewaySchema, serviceSettingsFor } from '@platform/gateway';
import { parse, validate, type GraphQLSchema } from 'graphql';

const schemaDir = path.join(__dirname, '../../schema');
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema(createServiceModules(serviceSettingsFor(loadConfig({}))));
});

it('schema/schema.graphql is what the code generates (run `pnpm schema` after changing the API)', () => {
  const committed = readFileSync(path.join(schemaDir, 'schema.graphql'), 'utf8');
  expect(printGatewaySchema(schema)).toBe(committed);
});

const examples = readdirSync(path.join(schemaDir, 'examples')).filter((name) => name.endsWith('.graphql'));

it('has example operations', () => {
  expect(examples.length).toBeGreaterThanOrEqual(3);
});

it.each(examples)('schema/examples/%s is valid against the schema', (name) => {
  const document = parse(readFileSync(path.join(schemaDir, 'examples', name), 'utf8'));
  expect(validate(schema, document).map((error) => error.message)).toEqual([]);
});
