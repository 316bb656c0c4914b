import type { Clock } from '@platform/core';
import type { NotificationsSettings } from '@platform/notifications';
import type { PaymentsSettings } from '@platform/payments';
import { createHttpProcessor } from '@platform/processor';
import { startSandboxProcessor } from '@platform/processor-sandbox';
import type { GatewayConfig } from './config';
import { measuredProcessor } from './metrics/processor-metrics';
import type { ServiceSettings } from './modules';
import { tenantsSettingsFor } from './tenant-resolution';

/** The payments service's processor settings for a processor at `url` (or the sandbox's usual address). */
export function paymentsSettingsFor(config: GatewayConfig['processor'], url = config.url ?? `http://127.0.0.1:${config.sandboxPort}`): PaymentsSettings {
  return {
    processor: measuredProcessor(createHttpProcessor({ baseUrl: url, secretKey: config.secretKey, timeoutMs: config.timeoutMs })),
    tokenizeUrl: config.tokenizeUrl ?? `${url}/v1/tokens`,
    hostedFieldsUrl: config.hostedFieldsUrl ?? `${url}/v1/hosted-fields`,
  };
}

/**
 * Connects to the configured processor, or, in development with no
 * PROCESSOR_URL, starts the sandbox processor in this process on its own
 * port (the platform still talks to it only over HTTP).
 */
export async function connectProcessor(
  config: GatewayConfig['processor'],
  host: string,
  clock: Clock,
): Promise<{ settings: PaymentsSettings; sandbox: { url: string; close(): Promise<void> } | null }> {
  if (config.url) return { settings: paymentsSettingsFor(config), sandbox: null };
  const sandbox = await startSandboxProcessor({ port: config.sandboxPort, host, clock, secretKey: config.secretKey });
  return { settings: paymentsSettingsFor(config, sandbox.url), sandbox };
}

/** What a process has opened in place of what its configuration names: the processor it connected (the sandbox it started), its message channels. */
export interface OpenedChannels {
  readonly payments?: PaymentsSettings;
  readonly notifications?: NotificationsSettings;
}

/**
 * The one reading of the configuration into the services' settings, for every
 * process that builds the modules: the gateway, the worker, the CLI, schema
 * printing. A process adds only what it has opened (`opened`); a setting read
 * here cannot be left out by one of them.
 */
export function serviceSettingsFor(config: GatewayConfig, opened: OpenedChannels = {}): ServiceSettings {
  return {
    sessions: config.sessions,
    payments: opened.payments ?? paymentsSettingsFor(config.processor),
    receiptSecret: config.receiptTokenSecret,
    phone: config.phone,
    autopayConcurrency: config.autopayConcurrency,
    tenants: tenantsSettingsFor([config.notifications.publicUrl, config.phone.publicUrl], config.nodeEnv === 'production'),
    notifications: opened.notifications,
  };
}
