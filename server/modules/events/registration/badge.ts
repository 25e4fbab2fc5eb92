// The printable badge: one A6 portrait page (pdf-lib) with the person's name, organisation and ticket
// type, the event, the check-in code as a QR code (vector squares, sharp at any print size) and the short
// reference to type when a code will not scan. Names in any script print through platform/fonts.ts.
import { PDFDocument, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { type TextFace, drawable, embedFonts } from '../../../platform/fonts.js';

export type BadgeInput = { eventTitle: string; dates: string; name: string; organisation: string | null; ticketType: string; reference: string; code: string; now: string };

/** A6 in points. */
const WIDTH = 297.64;
const HEIGHT = 419.53;
const INK = rgb(0.11, 0.16, 0.28);
const MUTED = rgb(0.33, 0.36, 0.42);

export async function badgePdf(b: BadgeInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([WIDTH, HEIGHT]);
  const texts = [b.eventTitle, b.name, b.organisation ?? '', b.ticketType, b.reference, b.dates];
  const { fonts, known, draw } = await embedFonts(pdf, ['regular', 'bold'] as const, texts);

  // Centred, shrunk to fit the width (a long name stays on one line).
  const centred = (text: string, y: number, size: number, font: TextFace, color = INK) => {
    const t = drawable(known, text);
    const room = WIDTH - 36;
    const at = font.widthOfTextAtSize(t, size);
    const s = at > room ? Math.max(7, Math.floor((size * room) / at)) : size;
    draw(page, t, { x: (WIDTH - (at * s) / size) / 2, y, size: s, font, color });
  };

  page.drawRectangle({ x: 0, y: HEIGHT - 52, width: WIDTH, height: 52, color: INK });
  centred(b.eventTitle, HEIGHT - 28, 13, fonts.bold, rgb(1, 1, 1));
  centred(b.dates, HEIGHT - 44, 8, fonts.regular, rgb(0.85, 0.88, 0.94));
  centred(b.name, HEIGHT - 100, 22, fonts.bold);
  if (b.organisation) centred(b.organisation, HEIGHT - 122, 12, fonts.regular, MUTED);
  centred(b.ticketType, HEIGHT - 146, 11, fonts.bold, MUTED);

  // The QR code: each run of dark modules in a row is one rectangle.
  const qr = QRCode.create(b.code, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const side = 170;
  const cell = side / n;
  const x0 = (WIDTH - side) / 2;
  const y0 = 52;
  for (let row = 0; row < n; row++) {
    let start = -1;
    for (let col = 0; col <= n; col++) {
      const dark = col < n && qr.modules.get(row, col);
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        page.drawRectangle({ x: x0 + start * cell, y: y0 + side - (row + 1) * cell, width: (col - start) * cell + 0.05, height: cell + 0.05, color: rgb(0, 0, 0) });
        start = -1;
      }
    }
  }
  centred(`Reference ${b.reference}`, 30, 12, fonts.bold);

  pdf.setTitle(`${b.name}: ${b.eventTitle}`);
  pdf.setSubject(`Badge ${b.reference}`);
  pdf.setCreator('Guildhall');
  pdf.setProducer('Guildhall (pdf-lib)');
  pdf.setCreationDate(new Date(b.now));
  pdf.setModificationDate(new Date(b.now));
  return pdf.save({ useObjectStreams: false });
}
