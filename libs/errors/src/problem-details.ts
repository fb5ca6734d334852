import type { AppError, FieldError } from './app-error.ts';

/** RFC 9457 problem details plus our extension members `code`, `traceId` and `errors`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  traceId?: string;
  errors?: FieldError[];
  help?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A stable URI per code; a URN because the problem types are not (yet) served as pages. */
export function problemType(code: string): string {
  return `urn:commerce-sync:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/**
 * Renders an AppError as problem details. For 5xx the detail is the catalogue title only:
 * server-side messages may carry internals (hosts, queries, upstream bodies).
 */
export function toProblemDetails(
  err: AppError,
  ctx: { instance?: string; traceId?: string } = {},
): ProblemDetails {
  const clientError = err.httpStatus < 500;
  const problem: ProblemDetails = {
    type: problemType(err.code),
    title: err.title,
    status: err.httpStatus,
    detail: clientError ? err.message : err.title,
    code: err.code,
  };
  if (ctx.instance) problem.instance = ctx.instance;
  if (ctx.traceId) problem.traceId = ctx.traceId;
  if (clientError && err.fields?.length) problem.errors = err.fields;
  if (clientError && err.help) problem.help = err.help;
  return problem;
}
