import { describe, expect, it } from 'vitest';
import { parseArgs, parseDuration } from './cli.js';
import { decades, formatTau, prefixIds, sampleIndices } from './plots.js';
import { defaultConfig } from './runner.js';
import {
  ALL_METHODS,
  ALL_PROBLEMS,
  acceptedDimension,
  denseReason,
  matchesPattern,
  PROBLEM_GROUPS,
  parseSizes,
  plan,
  selectNames,
} from './select.js';

describe('selecting methods and problems', () => {
  it('matches names and globs', () => {
    expect(matchesPattern('trust-ncg', 'trust-*')).toBe(true);
    expect(matchesPattern('trust-ncg', 'trust-?cg')).toBe(true);
    expect(matchesPattern('newton-cg', '*newton*')).toBe(true);
    expect(matchesPattern('newton', 'newt')).toBe(false);
    expect(matchesPattern('a.b', 'a.*')).toBe(true);
    expect(matchesPattern('axb', 'a.b')).toBe(false);
  });

  it('keeps the registry order, whatever the order asked', () => {
    expect(selectNames('lbfgs,trust-ncg', ALL_METHODS, 'methods')).toEqual(['trust-ncg', 'lbfgs']);
    expect(selectNames('trust-*', ALL_METHODS, 'methods')).toEqual([
      'trust-exact',
      'trust-ncg',
      'trust-krylov',
      'trust-region-cauchy',
    ]);
    expect(selectNames('scalable', ALL_PROBLEMS, 'problems', PROBLEM_GROUPS)).toEqual([
      ...PROBLEM_GROUPS.scalable,
    ]);
    expect(selectNames('arwhead,rosenbrock,arwhead', ALL_PROBLEMS, 'problems')).toEqual([
      'rosenbrock',
      'arwhead',
    ]);
  });

  it('rejects an entry that matches nothing, and an empty list', () => {
    expect(() => selectNames('lbfgs,zzz*', ALL_METHODS, 'methods')).toThrow(
      /^--methods: 'zzz\*' matches no method; available: newton, damped-newton/,
    );
    expect(() => selectNames(' , ', ALL_METHODS, 'methods')).toThrow(
      '--methods: the list is empty',
    );
  });

  it('parses sizes in exponent notation, sorted and deduplicated', () => {
    expect(parseSizes('1e5,1e3,1000')).toEqual([1000, 100000]);
    expect(() => parseSizes('1e3,2.5')).toThrow(
      "--sizes: expected integers >= 1 such as 1e3, got '2.5'",
    );
    expect(() => parseSizes('0')).toThrow("got '0'");
  });
});

describe('the plan', () => {
  it('skips methods that store an n×n matrix above the dense limit, saying why', () => {
    expect(denseReason('trust-exact', 2000, 2000)).toBeUndefined();
    expect(denseReason('trust-exact', 2001, 2000)).toBe(
      'trust-exact factors a dense n×n Hessian (32.0 MB, O(n³) per factorization); n = 2001 > --dense-limit 2000',
    );
    expect(denseReason('bfgs', 1e5, 2000)).toMatch(
      /^bfgs stores a dense n×n inverse-Hessian approximation \(80\.0 GB/,
    );
    expect(denseReason('sr1-trust-region', 1e4, 2000)).toMatch(/SR1/);
    expect(denseReason('lbfgs', 1e7, 2000)).toBeUndefined();
    expect(denseReason('trust-ncg', 1e7, 2000)).toBeUndefined();
  });

  it('runs classic problems once at their dimension and scalable ones at each size, largest first', () => {
    const { tasks, skipped } = plan({
      ...defaultConfig(),
      methods: ['newton', 'lbfgs'],
      problems: ['rosenbrock', 'arwhead'],
      sizes: [10, 5000],
    });
    expect(tasks.map((t) => `${t.method} ${t.problem} ${t.n}`)).toEqual([
      'lbfgs arwhead 5000',
      'newton arwhead 10',
      'lbfgs arwhead 10',
      'newton rosenbrock 2',
      'lbfgs rosenbrock 2',
    ]);
    expect(tasks.find((t) => t.problem === 'rosenbrock')!.size).toBeUndefined();
    expect(skipped.map((s) => `${s.method} ${s.problem} ${s.n}`)).toEqual(['newton arwhead 5000']);
  });
});

describe('dimensions a problem accepts', () => {
  it('takes the largest n <= the size asked that the problem accepts', () => {
    expect(acceptedDimension('dixmaana', 100)).toEqual({ n: 99 });
    expect(acceptedDimension('extended-rosenbrock', 101)).toEqual({ n: 100 });
    expect(acceptedDimension('arwhead', 100)).toEqual({ n: 100 });
    expect(acceptedDimension('extended-rosenbrock', 1)).toEqual({
      error: 'extended-rosenbrock: n must be an even integer >= 2, got 1',
    });
  });

  it('the plan runs the adjusted dimension and says so', () => {
    const { tasks, skipped, adjusted } = plan({
      ...defaultConfig(),
      methods: ['lbfgs'],
      problems: ['dixmaana', 'extended-rosenbrock'],
      sizes: [1, 100],
    });
    expect(tasks.map((t) => `${t.problem} ${t.n} ${t.size}`)).toEqual([
      'extended-rosenbrock 100 100',
      'dixmaana 99 99',
    ]);
    expect(adjusted).toEqual([{ problem: 'dixmaana', requested: 100, n: 99 }]);
    expect(skipped.map((k) => `${k.problem} ${k.n}: ${k.reason}`)).toEqual([
      'dixmaana 1: dixmaana: n must be an integer multiple of 3 >= 3, got 1',
      'extended-rosenbrock 1: extended-rosenbrock: n must be an even integer >= 2, got 1',
    ]);
  });
});

describe('command-line flags', () => {
  it('reads --flag value and --flag=value, with defaults for the rest', () => {
    const o = parseArgs([
      '--methods',
      'lbfgs,trust-ncg',
      '--problems=rosenbrock,arwhead',
      '--sizes',
      '1e3,1e5',
      '--time-limit',
      '2s',
      '--tau',
      '1e-2,1e-6',
      '--jobs',
      '3',
      '--out',
      'x/y',
    ]);
    expect(o.config).toMatchObject({
      methods: ['trust-ncg', 'lbfgs'],
      problems: ['rosenbrock', 'arwhead'],
      sizes: [1000, 100000],
      timeLimitMs: 2000,
      taus: [1e-2, 1e-6],
      jobs: 3,
      repeats: defaultConfig().repeats,
    });
    expect(o.out).toBe('x/y');
    expect(parseArgs([]).out).toBe('reports/latest');
    expect(parseArgs(['-h']).help).toBe(true);
  });

  it('names the flag in every error', () => {
    expect(() => parseArgs(['--bogus'])).toThrow("unknown option '--bogus' (see --help)");
    expect(() => parseArgs(['--jobs'])).toThrow('--jobs needs a value');
    expect(() => parseArgs(['--jobs', '0'])).toThrow("--jobs: expected an integer >= 1, got '0'");
    expect(() => parseArgs(['--tau', '2'])).toThrow("--tau: expected numbers in (0, 1), got '2'");
    expect(() => parseArgs(['lbfgs'])).toThrow("unexpected argument 'lbfgs'");
  });

  it('reads durations', () => {
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2min')).toBe(120_000);
    expect(parseDuration('1500')).toBe(1500);
    expect(() => parseDuration('soon')).toThrow(
      "--time-limit: expected a duration such as 10s or 500ms, got 'soon'",
    );
  });
});

describe('plot helpers', () => {
  it('samples at most the limit of evenly spaced rows, first and last included', () => {
    expect(sampleIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(sampleIndices(101, 5)).toEqual([0, 25, 50, 75, 100]);
  });

  it('gives decade ticks covering the range, thinned when it is wide', () => {
    expect(decades(3e-3, 20)).toEqual({
      domain: [1e-3, 100],
      values: [1e-3, 1e-2, 1e-1, 1, 10, 100],
    });
    const wide = decades(1e-17, 1e3);
    expect(wide.values.length).toBeLessThanOrEqual(7);
    expect(wide.domain[0]).toBeLessThanOrEqual(1e-17);
    expect(wide.domain[1]).toBeGreaterThanOrEqual(1e3);
    expect(decades(1, 1)).toEqual({ domain: [1, 10], values: [1, 10] });
  });

  it('makes SVG ids unique per plot', () => {
    expect(
      prefixIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/><use href="#clip1"/>', 'p'),
    ).toBe('<clipPath id="p-clip1"/><g clip-path="url(#p-clip1)"/><use href="#p-clip1"/>');
  });

  it('writes τ compactly', () => {
    expect([1e-3, 1e-7, 0.05, 2.5e-4].map(formatTau)).toEqual(['1e-3', '1e-7', '5e-2', '2.5e-4']);
  });
});
