/**
 * Input an inversion cannot work with (too few shots, impossible picks, a bad option). The
 * message says what is wrong in words a user can act on; callers turn it into an ApiError.
 */
export class InversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InversionError';
  }
}
