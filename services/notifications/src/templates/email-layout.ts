import { brandColours, translate, type MessageKey } from '@platform/core';
import { cityName } from '@platform/tenants';
import { isOptionalKind, type OptionalKind } from '../preferences/notification-preferences.service';
import type { RenderInput, RenderedEmail } from './rendered-message';

/** The portal page where a signed-in resident keeps their settings, notifications included. */
const SETTINGS_PATH = '/account/profile';

/** What the link to switch each optional kind off says. */
const STOP_LINK_TEXTS = { AUTOPAY_REMINDER: 'email.stopReminders', BILL_ISSUED: 'email.stopBillNotices', BILL_DUE_SOON: 'email.stopBillNotices' } as const satisfies Record<OptionalKind, MessageKey>;

export type EmailBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'button'; readonly text: string; readonly href: string }
  | { readonly kind: 'facts'; readonly rows: readonly (readonly [string, string])[] };

/**
 * The city's frame around a message: its colours and logo at the top, its
 * name and phone at the bottom; an HTML part (tables and inline styles, what
 * mail clients render) and a plain-text part with the same words and links.
 * Every value is escaped: names and memos are typed by people. Text on or in
 * the city's colours is chosen to read (brandColours, in core). A kind the
 * resident may switch off says how at the bottom: a link to their settings,
 * which they sign in to (the one-click address is for mail programs, in the
 * List-Unsubscribe header, not for a link a scanner may follow).
 */
export function layoutEmail(input: RenderInput, subject: string, blocks: readonly EmailBlock[]): RenderedEmail {
  const { tenant, locale } = input;
  const { branding, contact } = tenant.settings;
  const displayName = cityName(tenant.settings, locale);
  const colours = brandColours(branding);
  const footer = [translate(locale, 'email.footer', { city: displayName }), ...(contact.customerServicePhone ? [translate(locale, 'email.footerPhone', { phone: contact.customerServicePhone })] : [])];
  const stopLink = isOptionalKind(input.template) ? { text: translate(locale, STOP_LINK_TEXTS[input.template]), href: settingsLink(input) } : null;
  const text = [
    displayName,
    '',
    ...blocks.flatMap((block) => {
      switch (block.kind) {
        case 'paragraph':
          return [block.text, ''];
        case 'button':
          return [`${block.text}: ${block.href}`, ''];
        case 'facts':
          return [...block.rows.map(([label, value]) => (value.includes('\n') ? `${label}:\n${indent(value)}` : `${label}: ${value}`)), ''];
      }
    }),
    '--',
    ...footer,
    ...(stopLink ? [`${stopLink.text}: ${stopLink.href}`] : []),
  ].join('\n');

  const logoUrl = branding.logoUrl === null ? null : branding.logoUrl.startsWith('/') ? `${input.publicUrl}${branding.logoUrl}` : branding.logoUrl;
  const header = logoUrl
    ? `<img src="${escapeHtml(logoUrl)}" alt="${escapeHtml(displayName)}" height="40" style="display:block;height:40px;border:0">`
    : `<span style="font-size:20px;font-weight:bold;color:${colours.onPrimary}">${escapeHtml(displayName)}</span>`;
  const body = blocks
    .map((block) => {
      switch (block.kind) {
        case 'paragraph':
          return `<p style="margin:0 0 16px">${escapeHtml(block.text)}</p>`;
        case 'button':
          return (
            `<p style="margin:24px 0"><a href="${escapeHtml(block.href)}" style="background:${colours.accent};color:${colours.onAccent};padding:12px 20px;border-radius:4px;text-decoration:none;font-weight:bold;display:inline-block">${escapeHtml(block.text)}</a></p>` +
            `<p style="margin:0 0 16px;font-size:13px;color:#555555">${escapeHtml(translate(locale, 'email.linkFallback'))}<br><a href="${escapeHtml(block.href)}" style="color:${colours.primaryText};word-break:break-all">${escapeHtml(block.href)}</a></p>`
          );
        case 'facts':
          return `<table role="presentation" cellpadding="6" cellspacing="0" style="border-collapse:collapse;margin:0 0 16px">${block.rows
            .map(
              ([label, value]) =>
                `<tr><th scope="row" align="left" style="font-weight:normal;color:#555555;vertical-align:top">${escapeHtml(label)}</th><td style="font-weight:bold">${escapeHtml(value).replaceAll('\n', '<br>')}</td></tr>`,
            )
            .join('')}</table>`;
      }
    })
    .join('\n');
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#111111">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:16px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff">
<tr><td style="background:${colours.primary};padding:16px 24px">${header}</td></tr>
<tr><td style="padding:24px;font-size:16px;line-height:1.5">
${body}
</td></tr>
<tr><td style="padding:16px 24px;border-top:4px solid ${colours.accent};font-size:13px;color:#555555">${[
    ...footer.map(escapeHtml),
    ...(stopLink ? [`<a href="${escapeHtml(stopLink.href)}" style="color:#555555">${escapeHtml(stopLink.text)}</a>`] : []),
  ].join('<br>')}</td></tr>
</table></td></tr></table>
</body></html>`;
  return { subject, text, html };
}

function settingsLink({ publicUrl, tenant }: RenderInput): string {
  const url = new URL(SETTINGS_PATH, `${publicUrl}/`);
  url.searchParams.set('tenant', tenant.slug);
  return url.toString();
}

function indent(value: string): string {
  return value
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
