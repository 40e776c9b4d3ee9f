/**
 * `@hessian/optimize`: `minimize()`, the method registry, and the re-exports a user
 * needs from every package.
 *
 * @packageDocumentation
 */
export * from '@hessian/core';
export * from './minimize.js';
export * from './registry.js';
