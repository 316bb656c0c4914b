import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import { describeHours, telHref, timeZoneName } from '../shared/hours';
import { useLocale, useT } from '../shared/locale';
import { NotLoaded } from '../shared/not-loaded';
import type { PageTenant } from '../shared/page-tenant';
import type { PayableMode } from './guest-flow';

const PortalHomeDocument = graphql(`
  query PortalHome {
    tenant {
      slug
      contact {
        customerServicePhone
        payByPhoneNumber
        supportHours {
          days
          opens
          closes
        }
        officeAddress {
          line1
          line2
          city
          region
          postalCode
        }
        websiteUrl
      }
      paymentRules {
        acceptedCardBrands
        echeckAccepted
        payableKinds
        convenienceFee {
          kind
          description
        }
        posting {
          description
        }
      }
    }
  }
`);

/** Issue 14 item 1: how to pay this city, from its configuration alone; and where to start paying. */
export function HomePage({ tenant, onPay }: { readonly tenant: PageTenant; readonly onPay: (mode: 'ACCOUNT' | PayableMode) => void }) {
  const t = useT();
  const { locale } = useLocale();
  const { data, error, refetch } = useQuery(PortalHomeDocument);
  const home = data?.tenant;

  return (
    <>
      <h1 tabIndex={-1}>{t('portal.home.heading')}</h1>
      <p className="lead">{t('portal.home.intro')}</p>
      <section className="card pay-start" aria-labelledby="pay-now">
        <h2 id="pay-now">{t('portal.home.payNow')}</h2>
        <p>{t('portal.home.payNowIntro')}</p>
        <div className="actions">
          <button type="button" onClick={() => onPay('ACCOUNT')}>
            {t('portal.home.payBill')}
          </button>
          {home?.paymentRules.payableKinds.includes('CITATION') && (
            <button type="button" className="secondary" onClick={() => onPay('CITATION')}>
              {t('portal.home.payCitation')}
            </button>
          )}
          {home?.paymentRules.payableKinds.includes('OTHER') && (
            <button type="button" className="secondary" onClick={() => onPay('OTHER')}>
              {t('portal.home.payCharge')}
            </button>
          )}
        </div>
      </section>
      {!home ? (
        <NotLoaded failed={!!error} onRetry={() => void refetch()} />
      ) : (
        <div className="grid">
          <section className="card" aria-labelledby="ways-to-pay">
            <h2 id="ways-to-pay">{t('portal.home.waysToPay')}</h2>
            <ul className="plain-list">
              {home.paymentRules.acceptedCardBrands.length > 0 && (
                <li>
                  {t('portal.home.cards', { brands: new Intl.ListFormat(`${locale}-US`, { type: 'conjunction' }).format(home.paymentRules.acceptedCardBrands.map((brand) => t(`brand.${brand}`))) })}
                </li>
              )}
              {home.paymentRules.echeckAccepted && <li>{t('portal.home.echeck')}</li>}
            </ul>
          </section>

          <section className="card" aria-labelledby="fee">
            <h2 id="fee">{t('portal.home.fee')}</h2>
            <p>{home.paymentRules.convenienceFee.description}</p>
          </section>

          <section className="card" aria-labelledby="posting">
            <h2 id="posting">{t('portal.home.posting')}</h2>
            <p>{home.paymentRules.posting.description}</p>
          </section>

          {hasContact(home.contact) && (
            <section className="card" aria-labelledby="contact">
              <h2 id="contact">{t('portal.home.contact')}</h2>
              <dl className="facts">
                {home.contact.customerServicePhone && (
                  <>
                    <dt>{t('portal.home.customerService')}</dt>
                    <dd>
                      <a href={telHref(home.contact.customerServicePhone)}>{home.contact.customerServicePhone}</a>
                    </dd>
                  </>
                )}
                {home.contact.payByPhoneNumber && (
                  <>
                    <dt>{t('portal.home.payByPhone')}</dt>
                    <dd>
                      <a href={telHref(home.contact.payByPhoneNumber)}>{home.contact.payByPhoneNumber}</a> ({t('portal.home.payByPhoneNote')})
                    </dd>
                  </>
                )}
                {home.contact.supportHours.length > 0 && (
                  <>
                    <dt>{t('portal.home.hours')}</dt>
                    <dd>
                      {t('portal.home.hoursNote', { zone: timeZoneName(tenant.timezone, locale) })}
                      <ul className="plain-list">
                        {home.contact.supportHours.map((hours) => (
                          <li key={`${hours.days.join()}-${hours.opens}`}>{describeHours(hours, locale)}</li>
                        ))}
                      </ul>
                    </dd>
                  </>
                )}
                {home.contact.officeAddress && (
                  <>
                    <dt>{t('portal.home.office')}</dt>
                    <dd>
                      <address>
                        {home.contact.officeAddress.line1}
                        <br />
                        {home.contact.officeAddress.line2 && (
                          <>
                            {home.contact.officeAddress.line2}
                            <br />
                          </>
                        )}
                        {home.contact.officeAddress.city}, {home.contact.officeAddress.region} {home.contact.officeAddress.postalCode}
                      </address>
                    </dd>
                  </>
                )}
                {home.contact.websiteUrl && (
                  <>
                    <dt>{t('portal.home.website')}</dt>
                    <dd>
                      <a href={home.contact.websiteUrl}>{home.contact.websiteUrl.replace(/^https?:\/\//, '')}</a>
                    </dd>
                  </>
                )}
              </dl>
            </section>
          )}
        </div>
      )}
    </>
  );
}

/** Whether the city gives any way to reach it: a new city may give none yet, and an empty "Contact us" says nothing. */
function hasContact(contact: {
  readonly customerServicePhone: string | null;
  readonly payByPhoneNumber: string | null;
  readonly supportHours: readonly unknown[];
  readonly officeAddress: unknown;
  readonly websiteUrl: string | null;
}): boolean {
  return Boolean(contact.customerServicePhone || contact.payByPhoneNumber || contact.supportHours.length > 0 || contact.officeAddress || contact.websiteUrl);
}
