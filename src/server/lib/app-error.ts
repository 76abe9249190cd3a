import { ERROR_CATALOGUE, type ErrorCode, type ProblemField } from '../../shared/errors.js';

/** A typed error: the code decides the status and the person-facing message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly errors: ProblemField[] | undefined;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;
  /** Why, in a word, for the log and the audit log (the code unless told): never sent. */
  readonly reason: string;
  /** What an operator needs beyond the reason, for the log only: never sent, never a secret. */
  readonly logDetail: string | null;

  constructor(
    code: ErrorCode,
    options: {
      detail?: string;
      errors?: ProblemField[];
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
      reason?: string;
      logDetail?: string | null;
    } = {},
  ) {
    super(options.detail ?? ERROR_CATALOGUE[code].title);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.detail = options.detail ?? ERROR_CATALOGUE[code].title;
    this.errors = options.errors;
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
    this.reason = options.reason ?? code;
    this.logDetail = options.logDetail ?? null;
  }
}

export function validationError(errors: ProblemField[], detail?: string): AppError {
  return new AppError('validation_failed', { errors, detail: detail ?? errors[0]?.message });
}
