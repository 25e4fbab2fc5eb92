import QRCode from 'qrcode';

/**
 * A picture shown inside a mail's HTML part: attached with a Content-ID that the HTML references as
 * `cid:…`. The PNG travels as base64 text so the outbox row stays plain JSON; pictures are small (a QR
 * code of a check-in code is a few KB), and a message carries at most a few of them.
 */
export type InlinePart = { filename: string; contentType: string; cid: string; content: string };

/** What a template asks for: a QR code of `qr`, shown with `alt` for readers without pictures. */
export type InlinePicture = { cid: string; filename: string; alt: string; qr: string };

/** Bounds the stored pictures of one message: a runaway template fails at queue time, not at the mail server. */
export const MAX_INLINE_BASE64 = 64 * 1024;

/** Draws a template's pictures as PNG parts (qrcode's PNG writer is asynchronous, hence here and not in rendering). */
export async function drawPictures(pictures: readonly InlinePicture[]): Promise<InlinePart[]> {
  const parts: InlinePart[] = [];
  for (const p of pictures) {
    const png = await QRCode.toBuffer(p.qr, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
    parts.push({ filename: p.filename, contentType: 'image/png', cid: p.cid, content: png.toString('base64') });
  }
  const size = parts.reduce((n, x) => n + x.content.length, 0);
  if (size > MAX_INLINE_BASE64) throw new Error(`Inline pictures of ${size} characters exceed the ${MAX_INLINE_BASE64} allowed for one message.`);
  return parts;
}

/** The parts stored with an outbox row (null when it has none). */
export const inlineParts = (stored: string | null): InlinePart[] => (stored ? (JSON.parse(stored) as InlinePart[]) : []);
