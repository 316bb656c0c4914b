export { DEV_PAY_CONNECTOR_CREDENTIALS, startSandboxProcessor, type PayConnectorCredentials, type RunningSandboxProcessor, type SandboxProcessorOptions } from './sandbox-server';
export { SANDBOX_BANK, SANDBOX_MAGIC_AMOUNTS, SANDBOX_TEST_CARDS } from './test-numbers';
export {
  closeSandboxBankAccount,
  closeSandboxDispute,
  createSandboxToken,
  listSandboxCharges,
  openSandboxDispute,
  type BankAccountDetails,
  type CardDetails,
  type SandboxChargeJson,
  type SandboxDisputeJson,
} from './sandbox-client';
export { startMixedUpProcessor } from './mixed-up-processor';
