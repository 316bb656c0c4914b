import { containsCardNumber } from '@platform/core';
import { CARD_NUMBER_REDACTED, cardNumbersIn, redactCardNumbers } from './card-numbers';

describe('cardNumbersIn and redactCardNumbers', () => {
  // Every way the input checks (containsCardNumber) read a card number that someone typed.
  const typed = [
    '4242424242424242',
    '4242 4242 4242 4242',
    '4242-4242-4242-4242',
    '4242\u00a04242\u00a04242\u00a04242',
    '４２４２４２４２４２４２４２４２',
    '3782 822463 10005',
    '٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢',
    '4242\u200b4242\u200b4242\u200b4242',
    '4242\u00ad4242\u00ad4242\u00ad4242',
  ];

  it.each(typed)('finds and removes %j, a number the input checks would refuse', (number) => {
    expect(containsCardNumber(number)).toBe(true);
    const line = `{"msg":"refused","value":"${number}"}`;
    expect(cardNumbersIn(line)).toHaveLength(1);
    const redacted = redactCardNumbers(line);
    expect(redacted).toBe(`{"msg":"refused","value":"${CARD_NUMBER_REDACTED}"}`);
    expect(cardNumbersIn(redacted)).toEqual([]);
  });

  it('leaves ids, hashes, timestamps and amounts alone, and a line with none unchanged', () => {
    const line = '{"time":1764880000000,"id":"2f1c9a4b-4242-4242-4242-424242424242","hash":"a4242424242424242b","amount":"4242.42","note":"ﬁne"}';
    expect(cardNumbersIn(line)).toEqual([]);
    expect(redactCardNumbers(line)).toBe(line);
  });
});
