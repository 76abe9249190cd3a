import { ERROR_CATALOGUE, type ErrorCode, type ProblemField } from '../../shared/errors.js';

/** A typed error: the code decides the status and the person-facing message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly errors: ProblemField[] | undefined;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    options: {
      detail?: string;
      errors?: ProblemField[];
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
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
  }
}

export function validationError(errors: ProblemField[], detail?: string): AppError {
  return new AppError('validation_failed', { errors, detail: detail ?? errors[0]?.message });
}
