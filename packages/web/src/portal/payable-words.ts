import type { MessageKey } from '../shared/i18n/translate';
import type { PayableMode } from './guest-flow';

/** How the guest pages speak of a payable paid by its number. */
interface PayableWords {
  readonly findHeading: MessageKey;
  readonly findIntro: MessageKey;
  readonly number: MessageKey;
  readonly numberHint: MessageKey;
  readonly numberRequired: MessageKey;
  readonly found: MessageKey;
  readonly amountOver: MessageKey;
}

/**
 * The words for a citation, and for another charge a city takes (the API's
 * kind OTHER: a bulk pickup, a meter test), found by the number on its notice:
 * a resident holding one is never asked for a "citation number".
 */
export const PAYABLE_WORDS: Readonly<Record<PayableMode, PayableWords>> = {
  CITATION: {
    findHeading: 'portal.pay.findCitationHeading',
    findIntro: 'portal.pay.findCitationIntro',
    number: 'portal.pay.citationNumber',
    numberHint: 'portal.pay.citationNumberHint',
    numberRequired: 'portal.pay.citationNumberRequired',
    found: 'portal.pay.citationFound',
    amountOver: 'portal.pay.amountOverCitation',
  },
  OTHER: {
    findHeading: 'portal.pay.findChargeHeading',
    findIntro: 'portal.pay.findChargeIntro',
    number: 'portal.pay.chargeNumber',
    numberHint: 'portal.pay.chargeNumberHint',
    numberRequired: 'portal.pay.chargeNumberRequired',
    found: 'portal.pay.chargeFound',
    amountOver: 'portal.pay.amountOverCharge',
  },
};
