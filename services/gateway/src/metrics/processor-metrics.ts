import { platformMetrics } from '@platform/api';
import type { PaymentProcessor } from '@platform/processor';
import { inSpan } from '../tracing';

/** A call that can be measured: every processor call resolves to an outcome (it never throws for the processor's sake). */
function measure<A extends unknown[], R extends { readonly outcome: string }>(call: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) =>
    inSpan(`processor ${call}`, 'client', { 'processor.call': call }, async (span) => {
      const stop = platformMetrics.processorDuration.startTimer({ call });
      try {
        const result = await fn(...args);
        platformMetrics.processorCalls.inc({ call, outcome: result.outcome });
        span?.setAttribute('processor.outcome', result.outcome);
        return result;
      } finally {
        stop();
      }
    });
}

/** The processor with every call counted by outcome and timed (processor_calls_total, processor_call_duration_seconds), and traced. */
export function measuredProcessor(processor: PaymentProcessor): PaymentProcessor {
  return {
    account: processor.account,
    getToken: measure('getToken', processor.getToken.bind(processor)),
    verifyBankAccount: measure('verifyBankAccount', processor.verifyBankAccount.bind(processor)),
    charge: measure('charge', processor.charge.bind(processor)),
    getCharge: measure('getCharge', processor.getCharge.bind(processor)),
    findChargeByIdempotencyKey: measure('findChargeByIdempotencyKey', processor.findChargeByIdempotencyKey.bind(processor)),
    refund: measure('refund', processor.refund.bind(processor)),
    void: measure('void', processor.void.bind(processor)),
    listEvents: measure('listEvents', processor.listEvents.bind(processor)),
    createProfile: measure('createProfile', processor.createProfile.bind(processor)),
    saveMethod: measure('saveMethod', processor.saveMethod.bind(processor)),
    deleteMethod: measure('deleteMethod', processor.deleteMethod.bind(processor)),
  };
}
