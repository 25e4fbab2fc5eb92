// Types for png-chunks-extract and png-chunks-encode (plain CommonJS, no types of their own).
declare module 'png-chunks-extract' {
  export default function extractChunks(data: Uint8Array): Array<{ name: string; data: Uint8Array }>;
}
declare module 'png-chunks-encode' {
  export default function encodeChunks(chunks: ReadonlyArray<{ name: string; data: Uint8Array }>): Uint8Array;
}
