import { ledgerSourceOfDispute } from './dispute.service';

it("names a processor's dispute by the same uuid every time, and another dispute by another", () => {
  const first = ledgerSourceOfDispute('dp_jDq1AValV6YL2JhPr5FzHdFm');
  expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(ledgerSourceOfDispute('dp_jDq1AValV6YL2JhPr5FzHdFm')).toBe(first);
  expect(ledgerSourceOfDispute('dp_jDq1AValV6YL2JhPr5FzHdFn')).not.toBe(first);
});
