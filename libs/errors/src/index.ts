export { AppError, type AppErrorOptions, type FieldError, isAppError } from './app-error.ts';
export { ERROR_CATALOGUE, type ErrorCode, ErrorCodes } from './catalogue.ts';
export { classifyNetwork } from './classify-network.ts';
export * from './facts.ts';
export { fromHttpStatus, type HttpFailure } from './from-http-status.ts';
export {
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  problemType,
  toProblemDetails,
} from './problem-details.ts';
export {
  type ErrorLogger,
  type ProblemJsonHandlerOptions,
  problemJsonHandler,
} from './problem-json-handler.ts';
export { parseRetryAfter, readHeader } from './retry-after.ts';
export { type ClassifyOptions, toAppError } from './to-app-error.ts';
