import { DomainError, ErrorCode, translate } from '@platform/core';
import type { RequestContext } from './context';

/**
 * Wraps a subscription's events so it ends when the subscriber's access
 * token does: a token that expires mid-subscription stops the flow with
 * UNAUTHENTICATED (TOKEN_EXPIRED), and the client reconnects with a fresh
 * one (resuming by cursor). Guests' subscriptions have no token to outlive.
 */
export function endWhenSessionExpires<T>(ctx: RequestContext, source: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  const expiresAt = ctx.viewer?.expiresAt;
  if (!expiresAt) return source;
  const expired = () => new DomainError(ErrorCode.UNAUTHENTICATED, translate(ctx.locale, 'customer.sessionExpired'), { reason: 'TOKEN_EXPIRED' });
  let timer: NodeJS.Timeout | null = null;
  const expiry = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(expired()), Math.max(0, expiresAt.getTime() - ctx.clock.now().getTime()));
    timer.unref();
  });
  // The timer's rejection is raced below; an unobserved one must not crash the process.
  expiry.catch(() => undefined);
  const stop = () => {
    if (timer) clearTimeout(timer);
    void source.return?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (ctx.clock.now() >= expiresAt) {
        stop();
        throw expired();
      }
      try {
        return await Promise.race([source.next(), expiry]);
      } catch (error) {
        stop();
        throw error;
      }
    },
    async return() {
      stop();
      return { done: true, value: undefined };
    },
  };
}
