import type { disputeJson, sandboxChargeJson } from './charge-status';

/*
 * The browser's side of the sandbox, for tests: what the hosted payment form
 * does with a card before the platform ever sees it, plus the sandbox-only
 * charge listing.
 */

export interface CardDetails {
  readonly number: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly cvc: string;
  readonly postalCode: string;
  readonly holderName?: string;
}

export interface BankAccountDetails {
  readonly routingNumber: string;
  readonly accountNumber: string;
  readonly accountType: 'CHECKING' | 'SAVINGS';
  readonly holderName: string;
}

/** A charge as the sandbox's listing writes it: amounts are strings of cents; `lookups` counts GET /v1/charges/:id answers of it. */
export type SandboxChargeJson = ReturnType<typeof sandboxChargeJson>;

/** POST /v1/tokens as the hosted form does it; the token, or an error naming the refused field (never the number). */
export async function createSandboxToken(sandboxUrl: string, details: CardDetails | BankAccountDetails): Promise<string> {
  const response = await fetch(`${sandboxUrl}/v1/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(details),
  });
  const body = (await response.json()) as { token?: string; error?: { code: string; field: string | null } };
  if (response.status !== 201 || !body.token) {
    throw new Error(`sandbox refused to tokenize: ${response.status} ${body.error?.code ?? ''} ${body.error?.field ?? ''}`.trimEnd());
  }
  return body.token;
}

/** POST /v1/_sandbox/bank-accounts/close: the holder closes the bank account with this fingerprint; its debits are declined from now on. */
export async function closeSandboxBankAccount(sandboxUrl: string, secretKey: string, fingerprint: string): Promise<void> {
  const response = await fetch(`${sandboxUrl}/v1/_sandbox/bank-accounts/close`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ fingerprint }),
  });
  if (response.status !== 200) throw new Error(`sandbox refused to close the bank account: ${response.status}`);
}

/** The dispute JSON the sandbox answers and its feed carries. */
export type SandboxDisputeJson = ReturnType<typeof disputeJson>;

/** POST /v1/_sandbox/charges/:id/disputes: the card holder disputes `amount` cents (all that is left by default). */
export async function openSandboxDispute(sandboxUrl: string, secretKey: string, chargeId: string, dispute: { amount?: string; reason?: string } = {}): Promise<SandboxDisputeJson> {
  return sandboxPost(sandboxUrl, secretKey, `/v1/_sandbox/charges/${encodeURIComponent(chargeId)}/disputes`, dispute, 201);
}

/** POST /v1/_sandbox/disputes/:id/close: the network decides the dispute. */
export async function closeSandboxDispute(sandboxUrl: string, secretKey: string, disputeId: string, outcome: 'won' | 'lost'): Promise<SandboxDisputeJson> {
  return sandboxPost(sandboxUrl, secretKey, `/v1/_sandbox/disputes/${encodeURIComponent(disputeId)}/close`, { outcome }, 200);
}

async function sandboxPost<T>(sandboxUrl: string, secretKey: string, path: string, body: unknown, expected: number): Promise<T> {
  const response = await fetch(`${sandboxUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== expected) throw new Error(`sandbox refused ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** GET /v1/_sandbox/charges: every charge the sandbox made, oldest first, each with how many times it was looked up. */
export async function listSandboxCharges(sandboxUrl: string, secretKey: string): Promise<SandboxChargeJson[]> {
  const response = await fetch(`${sandboxUrl}/v1/_sandbox/charges`, { headers: { Authorization: `Bearer ${secretKey}` } });
  if (response.status !== 200) throw new Error(`sandbox refused to list charges: ${response.status}`);
  return ((await response.json()) as { data: SandboxChargeJson[] }).data;
}
