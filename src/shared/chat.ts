/** The limits of #general and its welcome message, checked by the server and, first, by the forms. */
export const MESSAGE_MAX = 4000;
export const WELCOME_MAX = 2000;
export const WELCOME_PLACEHOLDERS = ['name', 'team', 'role'] as const;

/** `{…}` that is not one of the placeholders: the server refuses a welcome message with one. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)]
    .map((m) => m[1] ?? '')
    .filter((p) => !(WELCOME_PLACEHOLDERS as readonly string[]).includes(p));
}
