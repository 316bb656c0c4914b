import {
  createDevSmsSink,
  createNoSmsProvider,
  createSmtpSender,
  createTwilioSmsSender,
  startDevMailbox,
  type DeliverySettings,
  type DevMailbox,
  type NotificationsSettings,
  type SmsSender,
} from '@platform/notifications';
import type { NotificationConfig } from './config';

export interface NotificationChannels {
  readonly settings: NotificationsSettings;
  /** Set when no SMTP_URL was given: the in-process development mailbox. */
  readonly mailbox: DevMailbox | null;
  /** Where links point from now on; for a gateway whose address was not configured (PUBLIC_URL unset), once it listens. */
  usePublicUrl(url: string): void;
  /** For the start banner. */
  readonly description: { readonly email: string; readonly sms: string };
  close(): Promise<void>;
}

/**
 * The mail server and SMS provider messages go through: the configured ones,
 * or in development the in-process mailbox (`.data/mail/*.eml`) and the SMS
 * sink (`.data/sms`). `mailboxPort` overrides the configured port (0 picks one).
 */
export async function openNotificationChannels(config: NotificationConfig, options: { readonly mailboxPort?: number } = {}): Promise<NotificationChannels> {
  const mailbox = config.smtp ? null : await startDevMailbox({ dir: config.devMailbox.dir, port: options.mailboxPort ?? config.devMailbox.port });
  const smtp = config.smtp ?? { url: mailbox!.url, requireTls: false, tlsRejectUnauthorized: true, maxConnections: 5, timeoutMs: 10_000 };
  const email = createSmtpSender(smtp);
  const sms = smsSenderFor(config);
  let publicUrl = config.publicUrl ?? 'http://127.0.0.1';
  // Read at each send, so a URL learned after start-up (usePublicUrl) applies to the messages that follow.
  const delivery: DeliverySettings = Object.defineProperty({ ...config.delivery, publicUrl }, 'publicUrl', { get: () => publicUrl, enumerable: true });
  return {
    settings: {
      delivery,
      channels: { email, sms },
      inboundSms: config.twilio ? { authToken: config.twilio.authToken, messagingServiceSid: config.twilio.messagingServiceSid, publicUrl: config.publicUrl } : undefined,
    },
    mailbox,
    usePublicUrl(url) {
      publicUrl = url.replace(/\/+$/, '');
    },
    description: {
      email: mailbox ? `development mailbox on ${mailbox.url}, messages in ${mailbox.dir} (pnpm cli mail:list)` : `SMTP ${redactUrl(smtp.url)}`,
      sms: sms.description,
    },
    async close() {
      email.close();
      await mailbox?.close();
    },
  };
}

/** Twilio when configured; else the development sink, or in production no provider (texts fail where staff see them). */
export function smsSenderFor(config: Pick<NotificationConfig, 'twilio' | 'devSmsDir'>): SmsSender {
  if (config.twilio) return createTwilioSmsSender(config.twilio);
  return config.devSmsDir ? createDevSmsSink(config.devSmsDir) : createNoSmsProvider();
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
