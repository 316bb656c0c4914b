export * from './payment-processor';
export { createHttpProcessor, type HttpProcessorOptions } from './http-processor';
