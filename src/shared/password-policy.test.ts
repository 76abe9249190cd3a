import { describe, expect, it } from 'vitest';
import { checkPassword, contextWords, passwordLength } from './password-policy.js';

const ctx = { name: 'Jane Doe', email: 'jane.doe@acme.com', workspaceName: 'Acme Corp' };

describe('checkPassword', () => {
  it('counts characters, not UTF-16 units', () => {
    expect(passwordLength('🐙🐙')).toBe(2);
    expect(checkPassword('🐙'.repeat(9), ctx)).toMatchObject({ ok: false, reason: expect.stringContaining('10') });
  });

  it('refuses 9 characters and more than 256', () => {
    expect(checkPassword('kT9#mq2!v', ctx).ok).toBe(false);
    expect(checkPassword('kT9#mq2!vLp4'.repeat(22), ctx)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('256'),
    });
  });

  it.each(['password123', 'qwertyuiop', 'aaaaaaaaaaaa', '1234567890', 'iloveyou1234'])(
    'refuses the common %j',
    (password) => {
      expect(checkPassword(password, ctx).ok).toBe(false);
    },
  );

  it.each(['Acme Corp 2024!', 'JaneDoe2024!!', 'jane.doe@acme.com', 'acmecorpacmecorp'])(
    'refuses %j, built on the name, email or workspace',
    (password) => {
      const verdict = checkPassword(password, ctx);
      expect(verdict.ok).toBe(false);
    },
  );

  it.each([
    'correct horse battery staple',
    'violet-harbor-lantern-93',
    'Acme sales rocks in every rainy spring',
    '  leading and trailing spaces ok  ',
  ])('accepts %j', (password) => expect(checkPassword(password, ctx)).toMatchObject({ ok: true }));

  it('has no composition rules: lower-case words pass when long enough', () => {
    expect(checkPassword('tundra orchid ferry marble', ctx).ok).toBe(true);
  });
});

describe('contextWords', () => {
  it('takes words of the name, email and workspace name', () => {
    expect(contextWords(ctx)).toEqual(expect.arrayContaining(['jane', 'doe', 'janedoe', 'acme', 'corp', 'acmecorp']));
  });
});
