export * from './money';
export * from './clock';
export * from './errors';
export * from './i18n';
export * from './time-zone';
export * from './payment-method';
export * from './local-date';
export * from './card-validation';
