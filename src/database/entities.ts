/** Every TypeORM entity, listed as classes (no globs: see TOOLCHAIN.md). */
export const ENTITIES: Function[] = [];
