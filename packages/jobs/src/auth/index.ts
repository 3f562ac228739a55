// Public surface of the auth area (filled in by its modules).
export {};
