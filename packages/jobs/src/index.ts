/**
 * @cloud-jobs/jobs: one Job model for every service, and a waiter.
 * Each area re-exports its own public surface.
 */
export * from './model.js';
export * from './errors.js';
export * from './normalize/index.js';
export * from './wait/index.js';
export * from './auth/index.js';
