// Public surface of the normalize area (filled in by its modules).
export {};
