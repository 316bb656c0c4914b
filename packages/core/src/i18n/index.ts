export { SUPPORTED_LOCALES, isSupportedLocale, negotiateLocale, offeredLocale, platformLocale, type Locale } from './locale';
export { en as englishMessages, type MessageKey } from './messages.en';
export { translate, isMessageKey, type MessageParams } from './translate';
