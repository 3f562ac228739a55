// Public surface of the wait area (filled in by its modules).
export {};
