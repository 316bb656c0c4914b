/*
 * Characters no person types into a form or a bill file, refused wherever
 * text comes in (the API's edge, the operator's files):
 * - NUL and unpaired UTF-16 surrogates, which PostgreSQL cannot store;
 * - control characters other than tab and line breaks (CR, LF, and the
 *   vertical tab, form feed and next line word processors write): an escape
 *   sequence, a bell or a backspace in a name rewrites what staff read in a
 *   log or a terminal;
 * - the bidirectional embeddings, overrides and isolates, which reorder what
 *   is read (a name shown reversed to staff, a note saying what it does not).
 */
const UNSAFE_CHARACTER = new RegExp(
  ['[\\u0000-\\u0008\\u000e-\\u001f\\u007f-\\u0084\\u0086-\\u009f\\u202a-\\u202e\\u2066-\\u2069]', '[\\ud800-\\udbff](?![\\udc00-\\udfff])', '(?<![\\ud800-\\udbff])[\\udc00-\\udfff]'].join('|'),
);

/** True when `text` holds a character of those above. */
export const isUnsafeText = (text: string): boolean => UNSAFE_CHARACTER.test(text);

/**
 * True when `text` breaks a line or tabs: the white space isUnsafeText lets through for text that may run over lines
 * (CR, LF, VT, FF, NEL, tab), and Unicode's line and paragraph separators. A text meant as one line (a name an SMS
 * starts with, an email's sender) holding one is a slip, and reads as one wherever it is shown.
 */
export const breaksLine = (text: string): boolean => /[\t\n\v\f\r\u0085\u2028\u2029]/.test(text);
