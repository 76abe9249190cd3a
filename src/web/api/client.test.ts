import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../lib/safe-next-path';
import { fieldName, withQuery } from './client';

// The client's requests, CSRF header and error handling run against the real server in the
// browser tests (test/e2e); these are its pure helpers.
describe('request helpers', () => {
  it('builds query strings without empty values and with repeated keys', () => {
    expect(withQuery('/api/v1/users', { q: '', role: 'manager', status: ['pending', 'expired'], cursor: null })).toBe(
      '/api/v1/users?role=manager&status=pending&status=expired',
    );
    expect(withQuery('/api/v1/teams', {})).toBe('/api/v1/teams');
  });

  it('maps problem paths to form field names', () => {
    expect(fieldName('email')).toBe('email');
    expect(fieldName('/email')).toBe('email');
    expect(fieldName('body.workspaceName')).toBe('workspaceName');
    expect(fieldName('body')).toBe('');
  });

  it('only follows next= to a path inside the app', () => {
    expect(safeNextPath('/admin/users?role=admin')).toBe('/admin/users?role=admin');
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath('/login')).toBe('/');
  });
});
