import type { ReactNode } from 'react';
import { type ErrorCode, errorMessage } from '../../shared/errors';
import { ApiError, errorText, fieldName } from '../api/client';

type FormLike = { setFieldError: (path: string, error: ReactNode) => void };

/**
 * Puts an API error onto a form: each field error under its field, and errors that belong to
 * one field (for example `team_exists` on the name) under that field.
 * Returns the message to show above the form, or null when everything found a field.
 */
export function applyApiError(
  form: FormLike,
  error: unknown,
  options: { fields: readonly string[]; codeFields?: Partial<Record<ErrorCode, string>> },
): string | null {
  if (!(error instanceof ApiError)) return errorText(error);
  const known = new Set(options.fields);
  const unplaced: string[] = [];
  for (const item of error.fieldErrors) {
    const name = fieldName(item.path);
    const target = known.has(name) ? name : name.split('.')[0];
    if (target && known.has(target)) form.setFieldError(target, item.message);
    else unplaced.push(item.message);
  }
  if (error.fieldErrors.length > 0) {
    // The detail repeats every field error with its path; say only what no field shows.
    return unplaced.length === 0 ? null : [errorMessage('validation_failed'), ...unplaced].join(' ');
  }
  const codeField = error.code === 'network_error' ? undefined : options.codeFields?.[error.code];
  if (codeField) {
    form.setFieldError(codeField, error.message);
    return null;
  }
  return error.message;
}
