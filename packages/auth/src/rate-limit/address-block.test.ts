import { addressBlock } from './address-block';

describe('addressBlock', () => {
  it.each([
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::19', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff:1:2:3', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['2001:db8:1:2:3:4:1.2.3.4', '2001:db8:1:2::/64'],
    ['2001:db8:1::1.2.3.4', '2001:db8:1:0::/64'],
  ])('counts %s as the network %s', (address, block) => {
    expect(addressBlock(address)).toBe(block);
  });

  it.each(['203.0.113.7', 'ana@example.com', '0f1e2d3c-0000-4000-8000-000000000000', 'phone:+14055550100', 'unknown'])('leaves %s as it is', (subject) => {
    expect(addressBlock(subject)).toBe(subject);
  });
});
