export * from './payment-processor';
export { createHttpProcessor, type HttpProcessorOptions } from './http-processor';
export { answerAbout } from './processor-call';
