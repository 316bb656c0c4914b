import { ok, type Reply } from './reply';
import { isJsonObject, parseText } from './request-fields';
import type { SandboxState } from './sandbox-state';

const FINGERPRINT_MAX = 64;

/**
 * POST /v1/_sandbox/bank-accounts/close { fingerprint }: sandbox only. The holder closes the account at their bank
 * after saving it, which the test numbers cannot say (they are fixed when the number is tokenized): from then on every
 * debit of it, by token or saved method, is declined INVALID_ACCOUNT, as a processor that checks an account's status at
 * each debit answers, and the bank's verification says it does not exist.
 */
export function closeBankAccount(state: SandboxState, body: unknown): Reply {
  const fingerprint = parseText(isJsonObject(body) ? body.fingerprint : undefined, 'fingerprint', FINGERPRINT_MAX);
  if ('reply' in fingerprint) return fingerprint.reply;
  state.closedBankAccounts.add(fingerprint.value);
  return ok({ fingerprint: fingerprint.value, closed: true });
}
