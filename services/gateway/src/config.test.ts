import 'reflect-metadata';
import { loadConfig } from './config';

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

describe('the development CORS origins', () => {
  it('are Vite’s dev server outside production, none in production, and whatever CORS_DEVELOPMENT_ORIGINS lists, checked', () => {
    expect(loadConfig({}).developmentOrigins).toEqual(['http://localhost:5173', 'http://127.0.0.1:5173']);
    const production = {
      NODE_ENV: 'production',
      PLATFORM_OPERATOR_KEY: 'an-operator-key-for-production',
      AUTH_TOKEN_SECRET: 'a-session-key-of-thirty-two-chars-or-more',
      PROCESSOR_URL: 'https://processor.example',
      PROCESSOR_SECRET_KEY: 'sk_live_a_real_key_here',
      SMTP_URL: 'smtps://mailer:secret@smtp.example:465',
      PUBLIC_URL: 'https://billing.example',
    };
    expect(loadConfig(production).developmentOrigins).toEqual([]);
    expect(loadConfig({ CORS_DEVELOPMENT_ORIGINS: 'HTTP://LocalHost:3000, https://dev.example' }).developmentOrigins).toEqual(['http://localhost:3000', 'https://dev.example']);
    expect(loadConfig({ CORS_DEVELOPMENT_ORIGINS: '' }).developmentOrigins).toEqual([]);
    expect(() => loadConfig({ CORS_DEVELOPMENT_ORIGINS: 'https://*.example' })).toThrow(/CORS_DEVELOPMENT_ORIGINS/);
  });
});

describe('notification delivery', () => {
  it('uses the development mailbox without SMTP_URL, and refuses to start in production without SMTP_URL and PUBLIC_URL', () => {
    const development = loadConfig({}).notifications;
    expect(development).toMatchObject({ smtp: null, publicUrl: null, twilio: null, devMailbox: { port: 2525 } });
    const smtp = loadConfig({ SMTP_URL: 'smtp://relay.example:587', SMTP_REQUIRE_TLS: 'true', PUBLIC_URL: 'https://billing.example/' }).notifications;
    expect(smtp).toMatchObject({ publicUrl: 'https://billing.example', smtp: { url: 'smtp://relay.example:587', requireTls: true, tlsRejectUnauthorized: true } });
    const production = {
      NODE_ENV: 'production',
      PLATFORM_OPERATOR_KEY: 'an-operator-key-for-production',
      AUTH_TOKEN_SECRET: 'a-session-key-of-thirty-two-chars-or-more',
      PROCESSOR_URL: 'https://processor.example',
      PROCESSOR_SECRET_KEY: 'sk_live_a_real_key_here',
    };
    expect(() => loadConfig(production)).toThrow(/SMTP_URL and PUBLIC_URL/);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` })).toThrow(/TWILIO_/);
    expect(() => loadConfig({ SMTP_TIMEOUT_MS: '60000', NOTIFICATION_CLAIM_MS: '120000' })).toThrow(/NOTIFICATION_CLAIM_MS/);
  });
});
