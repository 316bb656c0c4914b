import { graphql } from '../gql';
import type { PageTenantQuery } from '../gql/graphql';

/** What every page needs of its city: name, languages, colours, logo, sign-in identifier. */
export const PageTenantDocument = graphql(`
  query PageTenant {
    tenant {
      slug
      name
      nameByLocale {
        locale
        text
      }
      department
      departmentByLocale {
        locale
        text
      }
      timezone
      locales
      defaultLocale
      signInIdentifier
      branding {
        logoUrl
        colours {
          primary
          onPrimary
          primaryText
          accent
          onAccent
        }
      }
    }
  }
`);

export type PageTenant = PageTenantQuery['tenant'];

/*
 * Tenant objects carry no id: the slug identifies them, and their nested
 * settings objects belong to them, so a refetch in another language merges
 * instead of replacing (and warning).
 */
export const TENANT_TYPE_POLICIES = {
  Tenant: { keyFields: ['slug'] },
  Branding: { merge: true },
  BrandColours: { merge: true },
  TenantContact: { merge: true },
  PaymentRules: { merge: true },
  ConvenienceFee: { merge: true },
  PostingPolicy: { merge: true },
  PaymentOptions: { merge: true },
};
