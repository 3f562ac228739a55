// The errors only a wait throws live in @cloud-jobs/core's one hierarchy; each carries WaitStats.
export { WaitTimeoutError, UnexpectedStatusError, WaitStateError, type WaitTimeoutErrorInit } from '@cloud-jobs/core';
