import type DataLoader from 'dataloader';
import type { LoaderCache, LoaderFactory, RequestContext } from './context';

/**
 * Per-request DataLoaders, created on first use: a service asks for
 * `ctx.loaders.get(tenantByIdLoader)` and gets the same batching cache for the
 * rest of that request, and a fresh one on the next.
 */
export class RequestLoaders implements LoaderCache {
  private readonly created = new Map<LoaderFactory<unknown, unknown>, DataLoader<unknown, unknown>>();
  private readonly kept: (() => void)[] = [];
  private ctx: RequestContext | undefined;

  bind(ctx: RequestContext): void {
    this.ctx = ctx;
  }

  get<K, V>(factory: LoaderFactory<K, V>): DataLoader<K, V> {
    if (!this.ctx) throw new Error('RequestLoaders used before the context was built');
    let loader = this.created.get(factory);
    if (!loader) {
      loader = factory(this.ctx);
      this.created.set(factory, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /** Primes `factory`'s loader with what the request holds from its start (its own city's row), kept through clear(). */
  keep<K, V>(factory: LoaderFactory<K, V>, key: K, value: V): void {
    const prime = () => void this.get(factory).prime(key, value);
    this.kept.push(prime);
    prime();
  }

  clear(): void {
    this.created.clear();
    for (const prime of this.kept) prime();
  }
}
