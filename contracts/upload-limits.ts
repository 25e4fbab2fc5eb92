/* The sizes of files /verify takes, without zod, so the page can say them (and check a file) without loading the contracts. */

/** Largest uploaded .json or .jwt file. */
export const MAX_UPLOAD_BYTES = 256 * 1024;
/** Largest uploaded badge picture (PNG or SVG with the credential baked in): pictures are larger than the credential they carry. */
export const MAX_IMAGE_UPLOAD_BYTES = 2 * 1024 * 1024;
