import { breaksLine, isUnsafeText } from './safe-text';

it.each([
  ['NUL', 'a\u0000b'],
  ['an escape sequence', 'Pat\u001b[2JPayer'],
  ['a bell and backspaces', 'Pat\u0007\u0008Lee'],
  ['DEL', 'a\u007fb'],
  ['a C1 control', 'Pat\u009bPayer'],
  ['a right-to-left override', 'Pat \u202eyaP'],
  ['a left-to-right embedding', '\u202aabc\u202c'],
  ['an isolate', '\u2067abc\u2069'],
  ['a lone high surrogate', 'a\ud83d'],
  ['a lone low surrogate', '\ude00a'],
])('refuses %s', (_kind, text) => {
  expect(isUnsafeText(text)).toBe(true);
});

it.each([
  ['plain text', 'Pat Payer'],
  ['tabs and line breaks', 'line one\r\nline two\tand a tab'],
  ['the line and page breaks word processors write (found by review)', 'line\u000bbreak\u000cpage\u0085next'],
  ['accents and other scripts', 'José Núñez, Łódź, 東京, محمد'],
  ['an emoji (a surrogate pair)', 'Pat 😀'],
  ['right-to-left marks, which reorder nothing', 'abc\u200fdef\u200e'],
])('takes %s', (_kind, text) => {
  expect(isUnsafeText(text)).toBe(false);
});

it.each([
  ['a line feed', 'City of\nNorwalk'],
  ['a carriage return', 'City of\rNorwalk'],
  ['a tab', 'City of\tNorwalk'],
  ['a vertical tab, which isUnsafeText lets through', 'City of\u000bNorwalk'],
  ['a form feed', 'City of\u000cNorwalk'],
  ['a next line (NEL)', 'City of\u0085Norwalk'],
  ["Unicode's line separator", 'City of\u2028Norwalk'],
  ["Unicode's paragraph separator", 'City of\u2029Norwalk'],
])('finds %s breaking a line', (_kind, text) => {
  expect(breaksLine(text)).toBe(true);
});

it('finds no break in one line, spaces of every width included', () => {
  expect(breaksLine('City of Norwalk\u00a0\u2003Water Division')).toBe(false);
});
