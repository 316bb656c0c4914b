import { createHash } from 'node:crypto';
import { escapeHtml, scriptSafeJson } from './hosted-fields-page';
import { startSandboxProcessor, type RunningSandboxProcessor } from './sandbox-server';

/* GET /v1/hosted-fields over HTTP: what it accepts, the headers that fence it in, and that nothing from the URL becomes markup. */

const ORIGIN = 'https://pay.norwalk.example';
let sandbox: RunningSandboxProcessor;

beforeAll(async () => {
  sandbox = await startSandboxProcessor({ secretKey: 'sk_test_hosted_fields_0123' });
});
afterAll(() => sandbox.close());

async function form(query: Record<string, string> | string) {
  const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  const response = await fetch(`${sandbox.url}/v1/hosted-fields?${search}`);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

const inlineBlocks = (html: string, tag: 'script' | 'style') => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => match[1] ?? '');
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('the page', () => {
  it('is a self-contained HTML form whose script and style are allowed by hash, framable by the given origin alone', async () => {
    const { status, headers, text } = await form({ origin: ORIGIN, kind: 'card', brands: 'VISA,MASTERCARD,AMEX' });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('access-control-allow-origin')).toBeNull();

    const directives = Object.fromEntries((headers.get('content-security-policy') ?? '').split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1).join(' ')]));
    const [script] = inlineBlocks(text, 'script');
    const [style] = inlineBlocks(text, 'style');
    expect(directives).toEqual({
      'default-src': "'none'",
      'script-src': sha256(script ?? ''),
      'style-src': sha256(style ?? ''),
      'connect-src': "'self'",
      'form-action': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': ORIGIN,
    });
    // Nothing is fetched but the tokenization call: no src, href or url() anywhere.
    expect(text).not.toMatch(/\ssrc=|\shref=|url\(/);
    expect(text).toContain('<html lang="en">');
    expect(text).toContain('<label for="number">Card number</label>');
  });

  it('serves the bank account form in Spanish', async () => {
    const { status, text } = await form({ origin: ORIGIN, kind: 'bank_account', lang: 'es' });
    expect(status).toBe(200);
    expect(text).toContain('<html lang="es">');
    expect(text).toContain('<label for="routingNumber">Número de ruta bancaria</label>');
    expect(text).toContain('<legend>Tipo de cuenta</legend>');
    expect(text).not.toContain('id="number"');
  });

  it('puts the merchant’s colours in its style, and refuses colours a person could not read', async () => {
    const styled = await form({ origin: ORIGIN, kind: 'card', colorPrimary: '#841617', colorText: '#222', colorBackground: '#FFFFFF' });
    expect(styled.status).toBe(200);
    expect(inlineBlocks(styled.text, 'style')[0]).toContain('--primary:#841617;--text:#222222;--background:#ffffff');

    const unreadable = await form({ origin: ORIGIN, kind: 'card', colorText: '#777777', colorBackground: '#888888' });
    expect(unreadable.status).toBe(400);
    expect(JSON.parse(unreadable.text).error).toMatchObject({ code: 'insufficient_contrast', field: 'colorText' });
    const faintRing = await form({ origin: ORIGIN, kind: 'card', colorPrimary: '#eeeeee' });
    expect(JSON.parse(faintRing.text).error).toMatchObject({ code: 'insufficient_contrast', field: 'colorPrimary' });
  });
});

describe('parameters', () => {
  it.each([
    ['no origin', { kind: 'card' }, 'invalid_origin', 'origin'],
    ['an origin with a path', { origin: `${ORIGIN}/pay`, kind: 'card' }, 'invalid_origin', 'origin'],
    ['an origin with a trailing slash', { origin: `${ORIGIN}/`, kind: 'card' }, 'invalid_origin', 'origin'],
    ['an origin with its default port', { origin: `${ORIGIN}:443`, kind: 'card' }, 'invalid_origin', 'origin'],
    ['an origin in capitals', { origin: 'https://Pay.Norwalk.example', kind: 'card' }, 'invalid_origin', 'origin'],
    ['a javascript: origin', { origin: 'javascript:alert(1)', kind: 'card' }, 'invalid_origin', 'origin'],
    ['a file origin', { origin: 'file://', kind: 'card' }, 'invalid_origin', 'origin'],
    ['no kind', { origin: ORIGIN }, 'invalid_kind', 'kind'],
    ['an unknown kind', { origin: ORIGIN, kind: 'CARD' }, 'invalid_kind', 'kind'],
    ['an unknown brand', { origin: ORIGIN, kind: 'card', brands: 'VISA,JCB' }, 'invalid_brands', 'brands'],
    ['an empty brand list', { origin: ORIGIN, kind: 'card', brands: '' }, 'invalid_brands', 'brands'],
    ['a repeated brand', { origin: ORIGIN, kind: 'card', brands: 'AMEX,AMERICAN_EXPRESS' }, 'invalid_brands', 'brands'],
    ['another language', { origin: ORIGIN, kind: 'card', lang: 'fr' }, 'invalid_lang', 'lang'],
    ['a named colour', { origin: ORIGIN, kind: 'card', colorPrimary: 'red' }, 'invalid_color', 'colorPrimary'],
    ['an unknown parameter', { origin: ORIGIN, kind: 'card', colour: '#000' }, 'unknown_parameter', null],
  ])('refuses %s with 400 naming the parameter', async (_name, query, code, field) => {
    const { status, headers, text } = await form(query);
    expect(status).toBe(400);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(text).error).toMatchObject({ type: 'invalid_request_error', code, field });
  });

  it('refuses a parameter given twice', async () => {
    const { status, text } = await form(`origin=${encodeURIComponent(ORIGIN)}&origin=${encodeURIComponent('https://evil.example')}&kind=card`);
    expect(status).toBe(400);
    expect(JSON.parse(text).error).toMatchObject({ code: 'duplicate_parameter', field: 'origin' });
  });

  it('takes AMEX for American Express and keeps the merchant’s brands only', async () => {
    const { status, text } = await form({ origin: ORIGIN, kind: 'card', brands: 'AMEX,VISA' });
    expect(status).toBe(200);
    expect(text).toContain('"brands":["VISA","AMERICAN_EXPRESS"]');
  });
});

describe('escaping', () => {
  const PAYLOADS = ['"><script>alert(1)</script>', "'><img src=x onerror=alert(1)>", '</script><script>alert(1)</script>', 'x;script-src *', 'javascript:alert(1)'];
  const VALID = { origin: ORIGIN, kind: 'card', brands: 'VISA', lang: 'en', colorPrimary: '#005a9c', colorText: '#1a1a1a', colorBackground: '#ffffff', colorDanger: '#b00020' };

  it.each(Object.keys(VALID))('never echoes an attack in %s: the value is refused, and the refusal does not repeat it', async (parameter) => {
    for (const payload of PAYLOADS) {
      for (const value of [payload, `${VALID[parameter as keyof typeof VALID]}${payload}`]) {
        const { status, headers, text } = await form({ ...VALID, [parameter]: value });
        expect(status).toBe(400);
        expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(headers.get('content-security-policy')).toBeNull();
        expect(text).not.toContain(payload);
        expect(text).not.toMatch(/<script|<img/i);
      }
    }
  });

  it('writes the form’s settings as JSON that cannot close its script element', () => {
    const json = scriptSafeJson({ message: '</script><script>alert(1)</script> & <!-- \u2028' });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual({ message: '</script><script>alert(1)</script> & <!-- \u2028' });
  });

  it('escapes text written into markup', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});
