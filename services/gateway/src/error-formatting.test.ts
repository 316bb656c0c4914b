import { GraphQLError } from 'graphql';
import { formatClientError, inRequestLocale } from './error-formatting';

/** What Apollo hands formatError for a throw in a resolver: the error wrapped at its field. */
const thrownAt = (cause: Error) => new GraphQLError(cause.message, { path: ['tenant'], originalError: cause });
const formatted = (error: GraphQLError) => formatClientError(error.toJSON(), error);

const bug = thrownAt(new TypeError("Cannot read properties of undefined (reading 'id')"));
const outage = thrownAt(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));

describe('formatClientError', () => {
  it("words the gateway's own messages in the language of the request it runs in, its details never shown", () => {
    expect(inRequestLocale('es', () => [formatted(bug), formatted(outage)])).toEqual([
      { message: 'Error interno del servidor', path: ['tenant'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      { message: 'El servicio no está disponible por un momento. Intente de nuevo en unos segundos.', path: ['tenant'], extensions: { code: 'SERVICE_UNAVAILABLE' } },
    ]);
  });

  it('words them in English outside a request, or in the language it is given', () => {
    expect([formatted(bug).message, formatted(outage).message]).toEqual(['Internal server error', 'The service is briefly unavailable. Please try again in a few seconds.']);
    expect(formatClientError(bug.toJSON(), bug, 'es').message).toBe('Error interno del servidor');
  });
});
