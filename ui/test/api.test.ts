import { describe, expect, it } from 'vitest';
import { apiHeaders, errorMessage } from '../src/lib/api';

describe('API calls', () => {
  it('send no Authorization header without a token', () => {
    expect(apiHeaders(null)).toEqual({ Accept: 'application/json' });
  });
  it('send the token as a bearer token, keeping the caller headers', () => {
    const h = apiHeaders('s3cret', { 'Content-Type': 'application/json' });
    expect(h.Authorization).toBe('Bearer s3cret');
    expect(h['content-type']).toBe('application/json');
    expect(h.Accept).toBe('application/json');
  });
  it('read the error of every envelope', () => {
    expect(errorMessage({ status: 'error', error: 'bad query' })).toBe('bad query');
    expect(errorMessage({ errors: [{ msg: 'no trace' }] })).toBe('no trace');
    expect(errorMessage({ message: 'x' })).toBe('x');
    expect(errorMessage('text')).toBeNull();
  });
});
