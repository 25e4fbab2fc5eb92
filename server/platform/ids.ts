import { v7 } from 'uuid';

/** A new time-ordered identifier (UUIDv7, text). */
export const newId = (): string => v7();
