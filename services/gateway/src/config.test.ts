import { generateKeyPairSync } from 'node:crypto';
import 'reflect-metadata';
import { loadConfig } from './config';
import { PRODUCTION_ENVIRONMENT } from './config.fixtures';
import { paymentsSettingsFor } from './processor';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('the receipt-token key', () => {
  it('is parsed once from RECEIPT_TOKEN_SECRET, and is the session key when that is not set', () => {
    const own = loadConfig({ AUTH_TOKEN_SECRET: 'a-session-key-of-thirty-two-chars-or-more', RECEIPT_TOKEN_SECRET: 'a-receipt-key-of-thirty-two-chars-or-more' });
    expect(text(own.receiptTokenSecret)).toBe('a-receipt-key-of-thirty-two-chars-or-more');
    expect(text(own.sessions.secret)).toBe('a-session-key-of-thirty-two-chars-or-more');
    const shared = loadConfig({ AUTH_TOKEN_SECRET: 'a-session-key-of-thirty-two-chars-or-more' });
    expect(text(shared.receiptTokenSecret)).toBe('a-session-key-of-thirty-two-chars-or-more');
    expect(() => loadConfig({ RECEIPT_TOKEN_SECRET: 'short' })).toThrow(/RECEIPT_TOKEN_SECRET/);
  });
});

describe('the event-cursor key', () => {
  it('is parsed from EVENT_CURSOR_SECRET, and is the session key when that is not set', () => {
    const own = loadConfig({ AUTH_TOKEN_SECRET: 'a-session-key-of-thirty-two-chars-or-more', EVENT_CURSOR_SECRET: 'a-cursor-key-of-thirty-two-chars-or-more' });
    expect(text(own.eventCursorSecret)).toBe('a-cursor-key-of-thirty-two-chars-or-more');
    expect(text(loadConfig({ AUTH_TOKEN_SECRET: 'a-session-key-of-thirty-two-chars-or-more' }).eventCursorSecret)).toBe('a-session-key-of-thirty-two-chars-or-more');
    expect(() => loadConfig({ EVENT_CURSOR_SECRET: 'short' })).toThrow(/EVENT_CURSOR_SECRET/);
  });
});

describe('the development CORS origins', () => {
  it('are Vite’s dev server outside production, none in production, and whatever CORS_DEVELOPMENT_ORIGINS lists, checked', () => {
    expect(loadConfig({}).developmentOrigins).toEqual(['http://localhost:5173', 'http://127.0.0.1:5173']);
    expect(loadConfig(PRODUCTION_ENVIRONMENT).developmentOrigins).toEqual([]);
    expect(loadConfig({ CORS_DEVELOPMENT_ORIGINS: 'HTTP://LocalHost:3000, https://dev.example' }).developmentOrigins).toEqual(['http://localhost:3000', 'https://dev.example']);
    expect(loadConfig({ CORS_DEVELOPMENT_ORIGINS: '' }).developmentOrigins).toEqual([]);
    expect(() => loadConfig({ CORS_DEVELOPMENT_ORIGINS: 'https://*.example' })).toThrow(/CORS_DEVELOPMENT_ORIGINS/);
  });
});

describe('the hosted payment form', () => {
  it('is the processor’s own /v1/hosted-fields unless PROCESSOR_HOSTED_FIELDS_URL says otherwise, and must be an http(s) URL', () => {
    expect(paymentsSettingsFor(loadConfig({ PROCESSOR_URL: 'https://processor.example' }).processor).hostedFieldsUrl).toBe('https://processor.example/v1/hosted-fields');
    const own = loadConfig({ PROCESSOR_URL: 'https://processor.example', PROCESSOR_HOSTED_FIELDS_URL: 'https://forms.processor.example/v2/fields' });
    expect(paymentsSettingsFor(own.processor).hostedFieldsUrl).toBe('https://forms.processor.example/v2/fields');
    expect(() => loadConfig({ PROCESSOR_HOSTED_FIELDS_URL: 'javascript:alert(1)' })).toThrow(/PROCESSOR_HOSTED_FIELDS_URL/);
  });
});

// Production loaded PUBLIC_URL http://… (every reset, invitation and unsubscribe link then carried its token in clear)
// and a hosted card form or tokenize address on http (residents typed card numbers into a page anyone on the path could
// rewrite), the latter by default whenever PROCESSOR_URL was http. The processor's own API is a server-to-server call
// and may stay on a private network's http; what browsers are sent to may not.
describe('the addresses browsers are sent to, in production', () => {
  it('refuses a PUBLIC_URL of http://, where every reset and invitation link would carry its token in clear', () => {
    expect(() => loadConfig({ ...PRODUCTION_ENVIRONMENT, PUBLIC_URL: 'http://billing.example' })).toThrow(/^Invalid configuration: PUBLIC_URL must be https/);
  });

  it('refuses a hosted card form or tokenize address on http://, set or taken from an http PROCESSOR_URL', () => {
    expect(() => loadConfig({ ...PRODUCTION_ENVIRONMENT, PROCESSOR_HOSTED_FIELDS_URL: 'http://processor.example/v1/hosted-fields' })).toThrow(/PROCESSOR_HOSTED_FIELDS_URL must be https/);
    expect(() => loadConfig({ ...PRODUCTION_ENVIRONMENT, PROCESSOR_TOKENIZE_URL: 'http://processor.example/v1/tokens' })).toThrow(/PROCESSOR_TOKENIZE_URL must be https/);
    const privateProcessor = { ...PRODUCTION_ENVIRONMENT, PROCESSOR_URL: 'http://processor.internal:8080' };
    expect(() => loadConfig(privateProcessor)).toThrow(/PROCESSOR_HOSTED_FIELDS_URL must be https.*unset, it is taken from PROCESSOR_URL/);
    const publicForms = { ...privateProcessor, PROCESSOR_HOSTED_FIELDS_URL: 'https://forms.processor.example/v1/hosted-fields', PROCESSOR_TOKENIZE_URL: 'https://forms.processor.example/v1/tokens' };
    expect(loadConfig(publicForms).processor).toMatchObject({ url: 'http://processor.internal:8080', hostedFieldsUrl: 'https://forms.processor.example/v1/hosted-fields' });
  });

  it('still takes https addresses, and http outside production, for development', () => {
    expect(() => loadConfig(PRODUCTION_ENVIRONMENT)).not.toThrow();
    expect(() => loadConfig({ PUBLIC_URL: 'http://127.0.0.1:4000', PROCESSOR_URL: 'http://127.0.0.1:4010' })).not.toThrow();
  });
});

describe('GraphiQL', () => {
  it('is served outside production, and in production only when GRAPHIQL=true says so', () => {
    expect(loadConfig({}).graphiql).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'false' }).graphiql).toBe(false);
    expect(loadConfig(PRODUCTION_ENVIRONMENT).graphiql).toBe(false);
    expect(loadConfig({ ...PRODUCTION_ENVIRONMENT, GRAPHIQL: 'true' }).graphiql).toBe(true);
    expect(() => loadConfig({ GRAPHIQL: 'perhaps' })).toThrow(/GRAPHIQL/);
  });
});

describe('the metrics token', () => {
  it('is unset by default (no /metrics), and at least 16 characters when set', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: 'a-scraper-token-of-some-length' }).metricsToken).toBe('a-scraper-token-of-some-length');
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});

describe('schedules', () => {
  it('are queued by every instance that runs jobs unless JOBS_SCHEDULES=false', () => {
    expect(loadConfig({}).jobsSchedules).toBe(true);
    expect(loadConfig({ JOBS_SCHEDULES: 'false' }).jobsSchedules).toBe(false);
    expect(() => loadConfig({ JOBS_SCHEDULES: 'sometimes' })).toThrow(/JOBS_SCHEDULES/);
  });
});

describe('the phone line’s settings', () => {
  it('take each city’s auth token from PHONE_AUTH_TOKENS, with a development default outside production only', () => {
    const development = loadConfig({ PHONE_AUTH_TOKENS: '{"norwalk":"norwalk-auth-token-0123456789"}' });
    expect(development.phone).toEqual({
      providers: {},
      authTokens: { norwalk: 'norwalk-auth-token-0123456789' },
      defaultAuthToken: 'dev-phone-auth-token-change-me',
      payConnector: 'platform_pay_connector',
      publicUrl: null,
      // A payment not settled in 8 s asks the caller to hold (the provider gives up on a webhook at 15 s), 5 times at most.
      answerWithinMs: 8000,
      maxHolds: 5,
    });
    const production = loadConfig({ ...PRODUCTION_ENVIRONMENT, PHONE_PUBLIC_URL: 'https://pay.example.com' });
    expect(production.phone).toMatchObject({ authTokens: {}, defaultAuthToken: null, publicUrl: 'https://pay.example.com' });
    expect(() => loadConfig({ PHONE_AUTH_TOKENS: '{"norwalk":"short"}' })).toThrow(/PHONE_AUTH_TOKENS/);
    expect(() => loadConfig({ PHONE_AUTH_TOKENS: 'norwalk=token' })).toThrow(/PHONE_AUTH_TOKENS/);
  });

  it('take each city’s provider from PHONE_PROVIDERS, a Telnyx city’s key being its account’s Ed25519 public key', () => {
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
    const base64Key = Buffer.from(publicKey, 'base64url').toString('base64');
    const keys = JSON.stringify({ norman: base64Key, norwalk: 'norwalk-signing-key-0123456789' });
    const config = loadConfig({ PHONE_PROVIDERS: '{"norman":"telnyx","norwalk":"signalwire"}', PHONE_AUTH_TOKENS: keys });
    expect(config.phone).toMatchObject({ providers: { norman: 'telnyx', norwalk: 'signalwire' }, authTokens: { norman: base64Key } });
    expect(() => loadConfig({ PHONE_PROVIDERS: '{"norman":"vonage"}' })).toThrow(/PHONE_PROVIDERS .*twilio, telnyx, signalwire/);
    expect(() => loadConfig({ PHONE_PROVIDERS: 'norman=telnyx' })).toThrow(/PHONE_PROVIDERS/);
    // A Telnyx city with no public key, or a key that is none, would refuse every webhook: refused at start.
    expect(() => loadConfig({ PHONE_PROVIDERS: '{"norman":"telnyx"}' })).toThrow(/norman, a Telnyx city/);
    expect(() => loadConfig({ PHONE_PROVIDERS: '{"norman":"telnyx"}', PHONE_AUTH_TOKENS: '{"norman":"not-a-public-key-at-all"}' })).toThrow(/norman, a Telnyx city/);
  });

  it('take the hold from PHONE_ANSWER_WITHIN_MS and PHONE_MAX_HOLDS, within the provider’s webhook limit', () => {
    expect(loadConfig({ PHONE_ANSWER_WITHIN_MS: '5000', PHONE_MAX_HOLDS: '8' }).phone).toMatchObject({ answerWithinMs: 5000, maxHolds: 8 });
    expect(() => loadConfig({ PHONE_ANSWER_WITHIN_MS: '15000' })).toThrow(/PHONE_ANSWER_WITHIN_MS/);
    expect(() => loadConfig({ PHONE_MAX_HOLDS: '-1' })).toThrow(/PHONE_MAX_HOLDS/);
  });
});

describe('shutdown', () => {
  it('refuses a stop too short for a payment in flight: SHUTDOWN_TIMEOUT_MS must exceed the grace and two processor calls', () => {
    expect(loadConfig({ PROCESSOR_TIMEOUT_MS: '13000', SHUTDOWN_GRACE_MS: '2000' })).toMatchObject({ shutdownTimeoutMs: 30000 });
    expect(() => loadConfig({ PROCESSOR_TIMEOUT_MS: '15000' })).toThrow(/SHUTDOWN_TIMEOUT_MS must exceed SHUTDOWN_GRACE_MS \+ 2 x PROCESSOR_TIMEOUT_MS/);
    expect(() => loadConfig({ PROCESSOR_TIMEOUT_MS: '14000', SHUTDOWN_GRACE_MS: '3000' })).toThrow(/SHUTDOWN_TIMEOUT_MS/);
    expect(loadConfig({ PROCESSOR_TIMEOUT_MS: '45000', SHUTDOWN_TIMEOUT_MS: '100000' })).toMatchObject({ shutdownTimeoutMs: 100000 });
  });
});

describe('the processor timeout', () => {
  it('ends a call well before reconciliation takes an unanswered payment as never charged', () => {
    expect(loadConfig({ PROCESSOR_TIMEOUT_MS: '45000', SHUTDOWN_TIMEOUT_MS: '100000' }).processor.timeoutMs).toBe(45000);
    expect(() => loadConfig({ PROCESSOR_TIMEOUT_MS: '60000', SHUTDOWN_TIMEOUT_MS: '130000' })).toThrow(/PROCESSOR_TIMEOUT_MS must be at most 45000/);
  });
});

describe('notification delivery', () => {
  it('uses the development mailbox without SMTP_URL, and refuses to start in production without SMTP_URL and PUBLIC_URL', () => {
    const development = loadConfig({}).notifications;
    expect(development).toMatchObject({ smtp: null, publicUrl: null, twilio: null, devMailbox: { port: 2525 } });
    const smtp = loadConfig({ SMTP_URL: 'smtp://relay.example:587', SMTP_REQUIRE_TLS: 'true', PUBLIC_URL: 'https://billing.example/' }).notifications;
    expect(smtp).toMatchObject({ publicUrl: 'https://billing.example', smtp: { url: 'smtp://relay.example:587', requireTls: true, tlsRejectUnauthorized: true } });
    const { SMTP_URL: _smtp, PUBLIC_URL: _public, ...withoutMail } = PRODUCTION_ENVIRONMENT;
    expect(() => loadConfig(withoutMail)).toThrow(/SMTP_URL and PUBLIC_URL/);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` })).toThrow(/TWILIO_/);
    expect(() => loadConfig({ SMTP_TIMEOUT_MS: '60000', NOTIFICATION_CLAIM_MS: '120000' })).toThrow(/NOTIFICATION_CLAIM_MS/);
  });

  it('waits out a relay refusing the platform for five days unless NOTIFICATION_RELAY_GIVE_UP_HOURS says otherwise', () => {
    expect(loadConfig({}).notifications.delivery.relayGiveUpMs).toBe(5 * 24 * 3_600_000);
    expect(loadConfig({ NOTIFICATION_RELAY_GIVE_UP_HOURS: '48' }).notifications.delivery.relayGiveUpMs).toBe(48 * 3_600_000);
    expect(() => loadConfig({ NOTIFICATION_RELAY_GIVE_UP_HOURS: '0' })).toThrow(/NOTIFICATION_RELAY_GIVE_UP_HOURS/);
  });
});

describe('the database roles’ passwords', () => {
  it('are refused in production at their published development values, which every start sets the roles to', () => {
    const { DATABASE_OWNER_PASSWORD: _owner, ...withoutOwner } = PRODUCTION_ENVIRONMENT;
    const { DATABASE_APP_PASSWORD: _app, ...withoutApp } = PRODUCTION_ENVIRONMENT;
    expect(() => loadConfig(withoutOwner)).toThrow('DATABASE_OWNER_PASSWORD and DATABASE_APP_PASSWORD must be set in production');
    expect(() => loadConfig(withoutApp)).toThrow('DATABASE_OWNER_PASSWORD and DATABASE_APP_PASSWORD must be set in production');
    expect(loadConfig(PRODUCTION_ENVIRONMENT).database.owner.password).toBe('an-owner-password-for-production');
    expect(loadConfig({}).database.app.password).toBe('billing-app-dev-password');
  });
});

describe('a variable set to nothing', () => {
  it('is not set (compose passes METRICS_TOKEN=${METRICS_TOKEN:-}): defaults apply, not port 0, "never" or every interface', () => {
    const blank = { PORT: '', HOST: '', WS_SESSION_RECHECK_INTERVAL_MS: ' ', METRICS_TOKEN: '' };
    const config = loadConfig({ ...PRODUCTION_ENVIRONMENT, ...blank });
    const defaults = loadConfig(PRODUCTION_ENVIRONMENT);
    expect([config.port, config.host, config.webSocketLimits.sessionRecheckIntervalMs, config.metricsToken]).toEqual([4000, '127.0.0.1', defaults.webSocketLimits.sessionRecheckIntervalMs, null]);
    expect(defaults.webSocketLimits.sessionRecheckIntervalMs).toBeGreaterThan(0);
  });
});

describe('the demo data', () => {
  it('is seeded outside production, and refused in production, where its published staff password would open the real cities', () => {
    expect(loadConfig({}).demoData).toBe(true);
    expect(loadConfig(PRODUCTION_ENVIRONMENT).demoData).toBe(false);
    expect(() => loadConfig({ ...PRODUCTION_ENVIRONMENT, DEMO_DATA: 'true' })).toThrow(/^Invalid configuration: DEMO_DATA cannot be true in production/);
  });
});

describe('settings that end up in a timer', () => {
  const THIRTY_DAYS_MS = String(30 * 24 * 3600 * 1000);
  it.each(['NOTIFICATION_POLL_MS', 'NOTIFICATION_CLAIM_MS', 'NOTIFICATION_RETRY_BASE_MS', 'NOTIFICATION_RETRY_MAX_MS', 'WS_SESSION_RECHECK_INTERVAL_MS'])(
    '%s past what a Node timer holds (which would fire it at once) is refused',
    (name) => {
      expect(() => loadConfig({ [name]: THIRTY_DAYS_MS })).toThrow(new RegExp(`^Invalid configuration: ${name}: Too big`));
      expect(() => loadConfig({ [name]: String(2 ** 31 - 1), NOTIFICATION_CLAIM_MS: String(2 ** 31 - 1) })).not.toThrow();
    },
  );
});
