import { describe, expect, it } from 'vitest';
import { absoluteRange, chooseStep, describeRange, formatDuration, parseDuration, parseTime, resolveRange } from '../src/lib/time';

const NOW = Date.UTC(2026, 0, 2, 15, 4, 5);

describe('parseDuration', () => {
  it.each([
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['2d', 172_800_000],
    ['1.5s', 1500],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', 'abc', '5', '5m junk', 'm5'])('rejects %j', (t) => expect(parseDuration(t)).toBeNull());
});

describe('parseTime', () => {
  it('reads relative times', () => {
    expect(parseTime('now', NOW)).toBe(NOW);
    expect(parseTime('now-15m', NOW)).toBe(NOW - 900_000);
    expect(parseTime('now+1h', NOW)).toBe(NOW + 3_600_000);
  });
  it('reads absolute times', () => {
    expect(parseTime('2026-01-02T15:04:05Z', NOW)).toBe(NOW);
    expect(parseTime(String(NOW), NOW)).toBe(NOW);
    expect(parseTime(String(NOW / 1000), NOW)).toBe(NOW);
  });
  it('rejects nonsense', () => {
    expect(parseTime('yesterday', NOW)).toBeNull();
    expect(parseTime('now-', NOW)).toBeNull();
    expect(parseTime('2026-13-45Tx', NOW)).toBeNull();
  });
});

describe('resolveRange', () => {
  it('resolves relative ranges at now', () => {
    expect(resolveRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({ start: NOW - 3_600_000, end: NOW });
  });
  it('says what is wrong', () => {
    expect(() => resolveRange({ from: 'later', to: 'now' }, NOW)).toThrow(/cannot read "later"/);
    expect(() => resolveRange({ from: 'now', to: 'now-1h' }, NOW)).toThrow(/before its end/);
  });
  it('round-trips an absolute range', () => {
    const r = absoluteRange(NOW - 60_000, NOW);
    expect(resolveRange(r, 0)).toEqual({ start: NOW - 60_000, end: NOW });
  });
});

describe('chooseStep', () => {
  it('picks nice steps for about the wanted number of points', () => {
    expect(chooseStep({ start: 0, end: 3_600_000 }, 300)).toBe(15);
    expect(chooseStep({ start: 0, end: 86_400_000 }, 300)).toBe(300);
    expect(chooseStep({ start: 0, end: 60_000 }, 300)).toBe(1);
    expect(chooseStep({ start: 0, end: 365 * 86_400_000 }, 100)).toBe(4 * 86400);
  });
});

describe('formatting', () => {
  it('formats durations for people', () => {
    expect(formatDuration(0.5)).toBe('500 µs');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1250)).toBe('1.25 s');
    expect(formatDuration(200_000)).toBe('3m 20s');
    expect(formatDuration(7_500_000)).toBe('2h 5m');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
  });
  it('describes quick ranges by name', () => {
    expect(describeRange({ from: 'now-1h', to: 'now' })).toBe('Last 1 hour');
    expect(describeRange({ from: 'now-45m', to: 'now' })).toBe('Last 45m');
  });
});
