import { type CountryCode, getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export type CountryOption = { value: CountryCode; label: string };

function regionNames(locale: string): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale, 'en'], { type: 'region' });
  } catch {
    return null;
  }
}

/** Every country the phone library knows, by name in the person's language, with its calling code. */
export function countryOptions(locale: string): CountryOption[] {
  const names = regionNames(locale);
  return getCountries()
    .map((code) => ({ value: code, label: `${names?.of(code) ?? code} (+${getCountryCallingCode(code)})` }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}

/**
 * The country of the browser's language (`en-GB` → GB; `fr` → FR, its likeliest region), or
 * null when it names none the phone library knows.
 */
export function countryFromLocale(locale: string): CountryCode | null {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region && (getCountries() as string[]).includes(region) ? (region as CountryCode) : null;
  } catch {
    return null;
  }
}

/** The country of a stored E.164 number, to show it with its country selected. */
export function countryOfNumber(e164: string | null): CountryCode | null {
  return e164 ? (parsePhoneNumberFromString(e164)?.country ?? null) : null;
}
