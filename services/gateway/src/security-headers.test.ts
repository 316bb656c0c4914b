import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { cameOverTls } from './security-headers';

const request = (socket: Socket, headers: IncomingMessage['headers'] = {}) => ({ socket, headers });

describe('cameOverTls', () => {
  it('is true on a TLS connection, whatever the headers say', () => {
    const tls = new TLSSocket(new Socket());
    expect(cameOverTls(request(tls, { 'x-forwarded-proto': 'http' }), false)).toBe(true);
    tls.destroy();
  });

  it('believes X-Forwarded-Proto behind a trusted proxy only, and only its last value (the one the proxy added)', () => {
    const plain = new Socket();
    expect(cameOverTls(request(plain, { 'x-forwarded-proto': 'HTTPS' }), true)).toBe(true);
    expect(cameOverTls(request(plain, { 'x-forwarded-proto': 'https' }), false)).toBe(false);
    expect(cameOverTls(request(plain, { 'x-forwarded-proto': 'https, http' }), true)).toBe(false);
    expect(cameOverTls(request(plain, { 'x-forwarded-proto': 'http, https' }), true)).toBe(true);
    expect(cameOverTls(request(plain), true)).toBe(false);
  });
});
