type PasswordPolicyModule = typeof import('../../shared/password-policy');

let loading: Promise<PasswordPolicyModule> | undefined;

/** The password rules carry large dictionaries, so they load on demand, once. */
export function loadPasswordPolicy(): Promise<PasswordPolicyModule> {
  loading ??= import('../../shared/password-policy').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
