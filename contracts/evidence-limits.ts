/* What an uploaded piece of evidence may be, without zod, so the upload form can check a file before sending it. */

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
