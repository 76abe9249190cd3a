import { describe, expect, it } from 'vitest';
import type { EmailTemplate } from './email-template.js';
import { rendererOf } from './templates.js';

describe('rendererOf', () => {
  it('has a renderer for every template name', () => {
    const names: EmailTemplate[] = ['invitation', 'password_reset', 'verify_email'];
    for (const name of names) expect(typeof rendererOf(name), name).toBe('function');
  });

  it('knows no other name, not even the ones every object has', () => {
    for (const name of ['invitations', 'welcome', '', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(rendererOf(name), name).toBeNull();
    }
  });
});
