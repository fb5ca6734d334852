import type { Response } from 'express';

export interface FieldError {
  field: string;
  message: string;
  suggestion?: string | null;
}

/**
 * EasyPost's error body: `{ error: { code, message, errors } }` with a 4xx/5xx status.
 * The client maps the status to its error classes and keeps `code` and `errors`.
 * https://docs.easypost.com/docs/errors
 */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  errors: FieldError[] = [],
) {
  res.status(status).json({ error: { code, message, errors } });
}

export const notFound = (res: Response, what: string) =>
  sendError(res, 404, 'NOT_FOUND', `The requested resource could not be found: ${what}`);
