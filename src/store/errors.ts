export type StoreErrorCode = 'invalid' | 'version';

/** An error a user can read (Chinese message); `code` says which kind. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}
