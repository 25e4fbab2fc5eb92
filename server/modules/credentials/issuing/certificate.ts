// The printable certificate: one A4 landscape page (pdf-lib) with the body, the holder, the level and
// its post-nominal letters, the dates, the credential id and a QR code (drawn as vector squares) to
// the verification page; the QR code is also a link. The text is set in DejaVu Sans and Serif, with Noto
// faces for scripts DejaVu lacks (platform/fonts.ts), embedded as subsets of the glyphs used, so names
// print as written in any of them and the file stays small. Pure apart from pdf-lib and the font files.
import { PDFDocument, rgb } from 'pdf-lib';
import { type TextFace, drawable, embedFonts } from '../../../platform/fonts.js';
import { drawQrLink } from '../../../platform/pdf-qr.js';

export type CertificateInput = {
  bodyName: string;
  holderName: string | null;
  levelName: string;
  postNominals: string | null;
  awardedAt: string;
  reviewAt: string;
  credentialId: string;
  status: 'active' | 'suspended' | 'lapsed' | 'revoked';
  verifyUrl: string;
  now: Date;
};

const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const INK = rgb(0.11, 0.16, 0.28);
const MUTED = rgb(0.33, 0.36, 0.42);
const ACCENT = rgb(0.62, 0.45, 0.12);

export async function certificatePdf(c: CertificateInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([841.89, 595.28]);
  const { width, height } = page.getSize();
  const { fonts, known, draw } = await embedFonts(pdf, ['regular', 'bold', 'serifBold'] as const, [c.bodyName, c.holderName ?? '', c.levelName, c.postNominals ?? '']);
  const { regular, bold, serifBold: serif } = fonts;

  const centred = (text: string, y: number, size: number, font: TextFace, color = INK) => {
    const t = drawable(known, text);
    // Long names shrink to fit (width is proportional to size: measured once, not once per size tried).
    const room = width - 160;
    const at = font.widthOfTextAtSize(t, size);
    const s = at > room ? Math.max(8, Math.floor((size * room) / at)) : size;
    draw(page, t, { x: (width - (at * s) / size) / 2, y, size: s, font, color });
  };

  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: ACCENT, borderWidth: 3 });
  page.drawRectangle({ x: 32, y: 32, width: width - 64, height: height - 64, borderColor: ACCENT, borderWidth: 0.75 });

  centred(c.bodyName, height - 100, 22, bold);
  centred('certifies that', height - 150, 14, regular, MUTED);
  centred(c.holderName ?? 'the holder of this credential', height - 200, 34, serif);
  centred('has been awarded the professional credential', height - 245, 14, regular, MUTED);
  centred(c.postNominals ? `${c.levelName} (${c.postNominals})` : c.levelName, height - 295, 30, serif, ACCENT);

  const lines = [
    `Awarded ${day(c.awardedAt)}  ·  Review due ${day(c.reviewAt)}`,
    `Credential ${c.credentialId}`,
    ...(c.status === 'active' ? [] : [`Status when this copy was made (${day(c.now.toISOString())}): ${c.status.toUpperCase()}`]),
  ];
  for (const [i, line] of lines.entries()) {
    draw(page, drawable(known, line), { x: 70, y: 150 - i * 20, size: 11, font: i === 2 ? bold : regular, color: MUTED });
  }
  draw(page, drawable(known, 'Check this credential at any time by scanning the code or visiting'), { x: 70, y: 90, size: 9, font: regular, color: MUTED });
  draw(page, drawable(known, c.verifyUrl), { x: 70, y: 76, size: 9, font: regular, color: INK });

  // The QR code, as squares (and a link): sharp at any print size, and no image library needed.
  drawQrLink(pdf, page, c.verifyUrl, { x: width - 70 - 120, y: 70, side: 120 });

  pdf.setTitle(`${c.levelName} — ${c.bodyName}`);
  pdf.setSubject(`Credential ${c.credentialId}`);
  pdf.setAuthor(c.bodyName);
  pdf.setKeywords([c.credentialId, c.levelName]);
  pdf.setCreator('Guildhall');
  pdf.setProducer('Guildhall (pdf-lib)');
  pdf.setCreationDate(c.now);
  pdf.setModificationDate(c.now);
  // Plain objects (no object streams): the link, and so the credential id, stay readable in the file.
  return pdf.save({ useObjectStreams: false });
}
