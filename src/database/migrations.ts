/** Every migration, in order, listed as classes (no globs). Never edit one after it has landed. */
export const MIGRATIONS: Function[] = [];
