import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config';
import { createServiceModules } from './modules';
import { serviceSettingsFor } from './processor';
import { buildGatewaySchema, printGatewaySchema } from './schema';

/** `pnpm schema`: regenerates schema/schema.graphql from the code. */
async function main(): Promise<void> {
  const target = path.resolve(__dirname, '../../../schema/schema.graphql');
  writeFileSync(target, printGatewaySchema(await buildGatewaySchema(createServiceModules(serviceSettingsFor(loadConfig())))));
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}

void main();
