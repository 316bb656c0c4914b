import type { CreateTenantInput } from '../tenant.service';

/*
 * The two launch cities, with the facts their public pages state (see
 * shared/seeds). Where a page is silent, the platform default applies and the
 * line says so.
 */

export const NORWALK: CreateTenantInput = {
  slug: 'norwalk',
  settings: {
    name: 'City of Norwalk',
    department: 'Water Billing Division',
    departmentByLocale: [{ locale: 'es', text: 'División de Facturación de Agua' }],
    timezone: 'America/Los_Angeles',
    locales: ['en', 'es'], // the whole page exists in English and Spanish
    defaultLocale: 'en',
    signInIdentifier: 'EMAIL',
    accountNumberExample: '10-2345-00', // the bills' format (10-1001-00), no demo account's
    branding: { logoUrl: null, primaryColor: '#005a9c', accentColor: '#f4b223' },
    contact: {
      customerServicePhone: '562-929-5766', // Water Billing Division
      payByPhoneNumber: '888-647-2502', // interactive voice response
      supportHours: [], // not published
      officeAddress: null, // not published on the payment page
      websiteUrl: null,
    },
    paymentRules: {
      acceptedCardBrands: ['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS'], // so Discover is refused
      echeckAccepted: true,
      convenienceFee: { kind: 'NONE' }, // "There are no convenience fees"
      postingCutoffLocalTime: '00:00', // before midnight: next day; after midnight: within 48 hours
      postingLagDays: 1,
      postingBusinessDaysOnly: false,
      verificationMode: 'ACCOUNT_NUMBER', // "All you need is your account number"
      payableKinds: ['UTILITY_BILL'],
    },
    // Deduction day is not published (default 15); bank autopay is paper-form only, per the autopay instructions.
    autopayRules: { deductionDay: 15, methodsAllowedOnline: ['CARD'] },
    // Linking shows the holder's name and address, so it asks for more than the number. Not an amount: with the number
    // alone anyone sees what is owed here, and can make the last payment.
    accountLinking: { proof: 'SERVICE_HOUSE_NUMBER' },
    // Example addresses: a real city sets its own domain (and lets the platform's mail server send for it).
    email: { fromName: 'City of Norwalk Water Billing', fromAddress: 'water-billing@norwalk.example', replyTo: 'water-billing@norwalk.example' },
  },
};

export const NORMAN: CreateTenantInput = {
  slug: 'norman',
  settings: {
    name: 'City of Norman',
    department: 'Utility Billing',
    timezone: 'America/Chicago',
    locales: ['en'], // the portal is English only
    defaultLocale: 'en',
    signInIdentifier: 'USERNAME', // registration asks for a username, name, email and phone
    accountNumberExample: '2005-0123', // the bills' format (2001-0417), no demo account's
    branding: { logoUrl: null, primaryColor: '#841617', accentColor: '#fdf9d8' },
    contact: {
      customerServicePhone: '(405) 217-7739',
      payByPhoneNumber: '(866) 930-0284',
      supportHours: [{ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], opens: '08:00', closes: '17:00' }],
      officeAddress: { line1: '225 N. Webster Ave.', line2: null, city: 'Norman', region: 'OK', postalCode: '73069', country: 'US' },
      websiteUrl: 'https://www.normanok.gov/online-payments',
    },
    paymentRules: {
      // Brands, fees and posting are not published: platform defaults.
      verificationMode: 'ACCOUNT_NUMBER_AND_LAST_PAYMENT', // account number AND last payment amount
      payableKinds: ['UTILITY_BILL', 'CITATION', 'OTHER'],
      counterPaymentsAccepted: true, // walk-in office at 225 N. Webster Ave. takes payments in person
    },
    autopayRules: { methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'] }, // a bank account can be linked online
    accountLinking: { proof: 'LAST_PAYMENT_AMOUNT' }, // the same second factor the city asks of guests
    email: { fromName: 'City of Norman Utility Billing', fromAddress: 'utilities@norman.example', replyTo: 'utilities@norman.example' },
    // Restoration needs the full balance, then staff verification (billing enforces that); thresholds are defaults.
  },
};

export const DEMO_TENANTS: readonly CreateTenantInput[] = [NORWALK, NORMAN];
