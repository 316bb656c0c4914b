import type { Locale } from '@platform/core';
import type { Tenant } from '@platform/tenants';
import type { NotificationTemplate } from '../notification.entity';

/** What a template is rendered from: the outbox row's facts, the city, and where links point. */
export interface RenderInput {
  readonly template: NotificationTemplate;
  readonly data: Readonly<Record<string, string>>;
  /** Already limited to the city's languages. */
  readonly locale: Locale;
  readonly tenant: Tenant;
  /** The gateway's public address, e.g. https://billing.example.com (no trailing slash). */
  readonly publicUrl: string;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}
