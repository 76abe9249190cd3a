import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from './csv-safety.js';

describe('neutraliseFormula', () => {
  it.each(['=1+2', '+1', '-1', '@SUM(A1)', '\tcmd', '\rcmd'])('prefixes %j with an apostrophe', (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
  });
  it.each(['Enterprise', 'a=b', '', 'john@company.com'])('leaves %j alone', (value) => {
    expect(neutraliseFormula(value)).toBe(value);
  });
});
