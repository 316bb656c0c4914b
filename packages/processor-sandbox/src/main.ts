import { z } from 'zod';
import { DEV_PAY_CONNECTOR_CREDENTIALS, startSandboxProcessor } from './sandbox-server';

/** `node packages/processor-sandbox/dist/main.js`: the sandbox on its own, configured from the environment. */

const DEV_SECRET_KEY = 'sk_sandbox_dev_change_me';

const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4242),
  HOST: z.string().default('127.0.0.1'),
  SANDBOX_SECRET_KEY: z.string().min(16).default(DEV_SECRET_KEY),
  SANDBOX_SETTLEMENT_DELAY_SECONDS: z.coerce.number().int().min(0).default(172_800),
  // Unset: ten times the settlement delay (startSandboxProcessor's default).
  SANDBOX_LATE_RETURN_DELAY_SECONDS: z.coerce.number().int().min(0).optional(),
  SANDBOX_HANG_MS: z.coerce.number().int().min(0).default(30_000),
  SANDBOX_PAY_CONNECTOR_USERNAME: z
    .string()
    .min(1)
    .regex(/^[^:]+$/)
    .default(DEV_PAY_CONNECTOR_CREDENTIALS.username),
  SANDBOX_PAY_CONNECTOR_PASSWORD: z.string().min(1).default(DEV_PAY_CONNECTOR_CREDENTIALS.password),
});

async function main(): Promise<void> {
  const config = Object.freeze(environment.parse(process.env));
  const sandbox = await startSandboxProcessor({
    port: config.PORT,
    host: config.HOST,
    secretKey: config.SANDBOX_SECRET_KEY,
    settlementDelaySeconds: config.SANDBOX_SETTLEMENT_DELAY_SECONDS,
    lateReturnDelaySeconds: config.SANDBOX_LATE_RETURN_DELAY_SECONDS,
    hangMs: config.SANDBOX_HANG_MS,
    payConnector: { username: config.SANDBOX_PAY_CONNECTOR_USERNAME, password: config.SANDBOX_PAY_CONNECTOR_PASSWORD },
  });
  const keyNote = config.SANDBOX_SECRET_KEY === DEV_SECRET_KEY ? ` (secret key: the development default, ${DEV_SECRET_KEY})` : '';
  process.stdout.write(`Sandbox payment processor on ${sandbox.url}${keyNote}\n`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Sandbox processor failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
