import { AppError } from '../../src/common/errors/app.error';

/** The code of the AppError `fn` throws (sync or async); fails when it throws anything else or nothing. */
export async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected an AppError');
}
