import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError } from '../../lib/app-error.js';

// What people type in a phone field: digits, spaces, dashes, dots, brackets, a leading + or 00.
const PHONE_CHARACTERS = /^[+\d\s().\-/]+$/;

function invalidPhone(message: string): AppError {
  return new AppError('invalid_phone', { detail: message, errors: [{ path: 'phone', message }] });
}

/** An ISO 3166 alpha-2 code the phone library knows, upper-cased; null when absent. */
export function phoneCountry(country: string | undefined): CountryCode | null {
  if (country === undefined) return null;
  const code = country.toUpperCase();
  if (!isSupportedCountry(code)) {
    throw new AppError('validation_failed', {
      detail: 'Choose a country from the list.',
      errors: [{ path: 'country', message: 'Choose a country from the list.' }],
    });
  }
  return code;
}

/**
 * The number as E.164 (`+33612345678`), checked against the numbering plan of its country (the
 * library's full metadata, not only its length). A number written without its country code is
 * read in `country`. Letters are refused, so an extension is never silently dropped (E.164 has none).
 */
export function toE164(input: string, country: CountryCode | null): string {
  const text = input.trim();
  if (!PHONE_CHARACTERS.test(text)) {
    throw invalidPhone('Use only digits, spaces and + ( ) - . in a phone number (no extension).');
  }
  const international = text.startsWith('+');
  if (!international && !country) {
    throw invalidPhone('Include the country code (for example +1 202 555 0143), or choose the country.');
  }
  const parsed = parsePhoneNumberFromString(text, country ?? undefined);
  if (!parsed?.isValid()) {
    const where = !international && country ? ` for ${regionName(country)}` : '';
    throw invalidPhone(`That phone number is not valid${where}. Check the number and its country code.`);
  }
  return parsed.number;
}

function regionName(country: CountryCode): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}
