import { createHash } from 'node:crypto';
import { BRAND_NAMES, FORM_MESSAGES, type FormMessages } from './hosted-fields-messages';
import { parseHostedFieldsParams, type FormColours, type HostedFieldsParams } from './hosted-fields-params';
import { HOSTED_FIELDS_SCRIPT_FUNCTIONS, type ClientConfig } from './hosted-fields-script';
import type { Reply } from './reply';

/*
 * GET /v1/hosted-fields: the payment form a merchant page embeds in an
 * iframe (PCI SAQ A, as Authorize.net's Accept Hosted or Stripe Elements).
 * One self-contained document: its script and style are inline and allowed
 * by hash, nothing else loads, it may only call this origin, and only the
 * configured origin may frame it. README.md documents the message protocol.
 */

const CONFIG_ELEMENT_ID = 'hosted-fields-config';

/** The same for every form (its settings travel in a JSON data block), so its hash is computed once. */
const SCRIPT = [
  '"use strict";',
  ...HOSTED_FIELDS_SCRIPT_FUNCTIONS.map((fn) => fn.toString()),
  `runHostedFields(window, JSON.parse(document.getElementById(${JSON.stringify(CONFIG_ELEMENT_ID)}).textContent));`,
].join('\n');
const SCRIPT_HASH = cspHash(SCRIPT);

export function hostedFieldsPage(query: URLSearchParams): Reply {
  const params = parseHostedFieldsParams(query);
  if ('reply' in params) return params.reply;
  const style = styleSheet(params.value.colours);
  const policy = [
    "default-src 'none'",
    `script-src '${SCRIPT_HASH}'`,
    `style-src '${cspHash(style)}'`,
    "connect-src 'self'",
    "form-action 'none'",
    "base-uri 'none'",
    `frame-ancestors ${params.value.origin}`,
  ].join('; ');
  return {
    status: 200,
    body: null,
    page: pageHtml(params.value, style),
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': policy,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    },
  };
}

function pageHtml(params: HostedFieldsParams, style: string): string {
  const messages = FORM_MESSAGES[params.language];
  const config: ClientConfig = { origin: params.origin, kind: params.kind, brands: params.brands, brandNames: BRAND_NAMES, messages, tokensUrl: '/v1/tokens' };
  const card = params.kind === 'CARD';
  return `<!doctype html>
<html lang="${params.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(card ? messages.cardTitle : messages.bankTitle)}</title>
<style>${style}</style>
</head>
<body>
<form id="hosted-fields" novalidate>
${card ? cardFields(messages) : bankFields(messages)}
</form>
<script type="application/json" id="${CONFIG_ELEMENT_ID}">${scriptSafeJson(config)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function cardFields(m: FormMessages): string {
  return [
    textField('number', m.numberLabel, { autocomplete: 'cc-number', inputmode: 'numeric', maxlength: '23' }, '<span id="number-brand" class="brand" aria-live="polite"></span>'),
    `<div class="pair">${textField('expiry', m.expiryLabel, { autocomplete: 'cc-exp', inputmode: 'numeric', maxlength: '7', placeholder: m.expiryPlaceholder })}${textField(
      'cvc',
      m.cvcLabel,
      { autocomplete: 'cc-csc', inputmode: 'numeric', maxlength: '3' },
      '',
      `<p id="cvc-hint" class="hint">${escapeHtml(m.cvcHint3)}</p>`,
    )}</div>`,
    textField('postalCode', m.postalCodeLabel, { autocomplete: 'postal-code', inputmode: 'numeric', maxlength: '5' }),
    textField('holderName', m.cardHolderLabel, { autocomplete: 'cc-name', maxlength: '100' }),
  ].join('\n');
}

function bankFields(m: FormMessages): string {
  const radio = (value: 'CHECKING' | 'SAVINGS', label: string) => {
    const id = `accountType-${value.toLowerCase()}`;
    return `<label class="choice" for="${id}"><input type="radio" id="${id}" name="accountType" value="${value}" aria-describedby="accountType-error" aria-invalid="false"> ${escapeHtml(label)}</label>`;
  };
  return [
    textField('routingNumber', m.routingNumberLabel, { inputmode: 'numeric', maxlength: '9' }),
    textField('accountNumber', m.accountNumberLabel, { inputmode: 'numeric', maxlength: '17' }),
    `<fieldset class="field"><legend>${escapeHtml(m.accountTypeLegend)}</legend>${radio('CHECKING', m.checking)}${radio('SAVINGS', m.savings)}<p id="accountType-error" class="error"></p></fieldset>`,
    textField('holderName', m.bankHolderLabel, { autocomplete: 'name', maxlength: '100' }),
  ].join('\n');
}

/** A labelled input whose error (and hint, if any) is its description, so a screen reader reads them after the label. */
function textField(id: string, label: string, attributes: Readonly<Record<string, string>>, beside = '', hint = ''): string {
  const describedBy = [hint ? `${id}-hint` : '', id === 'number' ? 'number-brand' : '', `${id}-error`].filter(Boolean).join(' ');
  const extra = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  return `<div class="field"><label for="${id}">${escapeHtml(label)}</label><div class="row"><input type="text" id="${id}" name="${id}"${extra} spellcheck="false" aria-describedby="${describedBy}" aria-invalid="false">${beside}</div>${hint}<p id="${id}-error" class="error"></p></div>`;
}

function styleSheet(colours: FormColours): string {
  // Borders and hints use the text colour: its contrast against the background is checked, a fixed grey's would not be.
  return `:root{color-scheme:light;--primary:${colours.primary};--text:${colours.text};--background:${colours.background};--danger:${colours.danger}}
*{box-sizing:border-box}
body{margin:0;padding:6px;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);background:var(--background)}
form{display:grid;gap:12px}
.field{margin:0;padding:0;border:0;min-width:0}
label,legend{display:block;font-weight:600;margin-bottom:4px;padding:0}
.row{display:flex;align-items:center;gap:8px}
input[type=text]{width:100%;min-width:0;font:inherit;padding:10px 12px;color:var(--text);background:var(--background);border:1px solid var(--text);border-radius:6px}
input[aria-invalid=true]{border:2px solid var(--danger)}
input:focus-visible{outline:3px solid var(--primary);outline-offset:2px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.brand{min-width:8em;font-weight:600}
.hint{margin:4px 0 0;font-size:14px}
.error{margin:4px 0 0;color:var(--danger);font-weight:600}
.error:empty{display:none}
.choice{display:inline-flex;align-items:center;gap:6px;margin-right:16px;font-weight:400;min-height:44px}
input[type=radio]{width:20px;height:20px;accent-color:var(--primary)}
@media (max-width:360px){.pair{grid-template-columns:1fr}}`;
}

/** JSON that is safe inside a `<script>` element: no `<`, `>` or `&` can close it or open a comment, and line separators stay escaped. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function cspHash(source: string): string {
  return `sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}`;
}
