/** Demo accounts per demo city, each in a different state, so `pnpm start` has something to look up and pay. */
export interface DemoAccount {
  readonly accountNumber: string;
  readonly customerName: string;
  readonly addressLine1: string;
  readonly postalCode: string;
  readonly state: 'CURRENT' | 'PAST_DUE' | 'DISCONNECTED' | 'CREDIT';
  /** Bill amounts ("water,sewer,trash"), each bill 30 days apart, the last one issued 10 days ago. */
  readonly bills: readonly string[];
  /** A posted payment (its amount is Norman's second factor), if any. */
  readonly lastPayment: string | null;
}

export interface DemoCity {
  readonly slug: string;
  readonly city: string;
  readonly region: string;
  readonly accounts: readonly DemoAccount[];
}

export const DEMO_ACCOUNTS: readonly DemoCity[] = [
  {
    slug: 'norwalk',
    city: 'Norwalk',
    region: 'CA',
    accounts: [
      {
        accountNumber: '10-1001-00',
        customerName: 'Maria Lopez',
        addressLine1: '12700 Norwalk Blvd',
        postalCode: '90650',
        state: 'CURRENT',
        bills: ['45.10,22.00,18.75', '47.30,22.00,18.75'],
        lastPayment: '85.85',
      },
      {
        accountNumber: '10-1002-00',
        customerName: 'James Carter',
        addressLine1: '11929 Alondra Blvd',
        postalCode: '90650',
        state: 'PAST_DUE',
        bills: ['61.20,24.50,18.75', '58.90,24.50,18.75', '63.15,24.50,18.75'],
        lastPayment: null,
      },
      {
        accountNumber: '10-1003-00',
        customerName: 'Ana Gutierrez',
        addressLine1: '13200 Pioneer Blvd',
        postalCode: '90650',
        state: 'DISCONNECTED',
        bills: ['72.40,26.00,18.75', '70.10,26.00,18.75', '69.80,26.00,18.75'],
        lastPayment: null,
      },
      { accountNumber: '10-1004-00', customerName: 'Robert Kim', addressLine1: '14501 San Antonio Dr', postalCode: '90650', state: 'CREDIT', bills: ['38.60,21.00,18.75'], lastPayment: '100.00' },
    ],
  },
  {
    slug: 'norman',
    city: 'Norman',
    region: 'OK',
    accounts: [
      {
        accountNumber: '2001-0417',
        customerName: 'Emily Johnson',
        addressLine1: '1200 W Lindsey St',
        postalCode: '73069',
        state: 'CURRENT',
        bills: ['52.75,31.40,16.50', '54.10,31.40,16.50'],
        lastPayment: '100.65',
      },
      {
        accountNumber: '2002-0933',
        customerName: 'Daniel Brown',
        addressLine1: '305 E Main St',
        postalCode: '73069',
        state: 'PAST_DUE',
        bills: ['66.30,33.10,16.50', '64.85,33.10,16.50', '67.20,33.10,16.50'],
        lastPayment: '40.00',
      },
      {
        accountNumber: '2003-1188',
        customerName: 'Sarah Davis',
        addressLine1: '2150 N Porter Ave',
        postalCode: '73071',
        state: 'DISCONNECTED',
        bills: ['71.00,34.00,16.50', '73.25,34.00,16.50', '70.40,34.00,16.50'],
        lastPayment: '25.00',
      },
      { accountNumber: '2004-2650', customerName: 'Michael Wilson', addressLine1: '900 Asp Ave', postalCode: '73069', state: 'CREDIT', bills: ['44.20,29.80,16.50'], lastPayment: '120.00' },
    ],
  },
];

/** The house number of a demo account's service address, e.g. "12700": what Norwalk asks for to link it. */
export function demoHouseNumber(account: DemoAccount): string {
  return /^\d+/.exec(account.addressLine1)?.[0] ?? '';
}
