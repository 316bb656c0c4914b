/** For tests: the least environment a production gateway starts with (no SMS provider, no phone line). */
export const PRODUCTION_ENVIRONMENT = Object.freeze({
  NODE_ENV: 'production',
  PLATFORM_OPERATOR_KEY: 'an-operator-key-for-production',
  AUTH_TOKEN_SECRET: 'a-session-key-of-thirty-two-chars-or-more',
  PROCESSOR_URL: 'https://processor.example',
  PROCESSOR_SECRET_KEY: 'sk_live_a_real_key_here',
  SMTP_URL: 'smtps://mailer:secret@smtp.example:465',
  PUBLIC_URL: 'https://billing.example',
  DATABASE_OWNER_PASSWORD: 'an-owner-password-for-production',
  DATABASE_APP_PASSWORD: 'an-app-password-for-production',
});
