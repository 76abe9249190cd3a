const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateEmail(value: string): string | null {
  const email = value.trim();
  if (!email) return 'Enter an email address.';
  return EMAIL.test(email) ? null : 'Enter a valid email address, like name@company.com.';
}

export function validateRequired(message: string) {
  return (value: string): string | null => (value.trim() ? null : message);
}
