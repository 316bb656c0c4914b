import { simulateCall } from '@platform/phone';
import { DEV_PAY_CONNECTOR_CREDENTIALS } from '@platform/processor-sandbox';
import { loadConfig } from '../config';
import { localGatewayUrl, usageError, type CliOptions } from './cli-io';

/**
 * `phone:call`, the phone simulator: plays a call against a running gateway,
 * as the telephony provider would (signed webhooks, the pay connector for the
 * card). Needs no database of its own.
 */
export async function phoneCall(options: CliOptions): Promise<number> {
  if (!options.to) return usageError("phone:call needs --to, the city's pay-by-phone number");
  const provider = options.provider ?? 'twilio';
  // A Telnyx city's webhooks are signed with its account's private key, which only Telnyx holds.
  if (provider !== 'twilio' && provider !== 'signalwire') return usageError('phone:call --provider is twilio or signalwire (a Telnyx city cannot be played here)');
  const config = loadConfig();
  const token = options.token ?? config.phone.defaultAuthToken;
  if (!token) return usageError('phone:call needs --token (no PHONE_AUTH_TOKEN is set)');
  const processorUrl = config.processor.url ?? `http://127.0.0.1:${config.processor.sandboxPort}`;
  await simulateCall({
    baseUrl: options.url ?? localGatewayUrl(config),
    to: options.to,
    from: options.from ?? '+15555550123',
    authToken: token,
    provider,
    connectorUrl: options['connector-url'] ?? `${processorUrl}/v1/generic-pay-connector`,
    connectorCredentials: {
      username: process.env.SANDBOX_PAY_CONNECTOR_USERNAME ?? DEV_PAY_CONNECTOR_CREDENTIALS.username,
      password: process.env.SANDBOX_PAY_CONNECTOR_PASSWORD ?? DEV_PAY_CONNECTOR_CREDENTIALS.password,
    },
    input: process.stdin,
    output: process.stdout,
  });
  return 0;
}
