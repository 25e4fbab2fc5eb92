import { useEffect, useId, useRef, useState } from 'react';

/**
 * Reads QR codes with the device's camera and hands each decoded text to `onCode` (the check-in page and
 * an exhibitor's lead page both use it; events/checkin owns it). Until the camera is switched on it shows
 * only its button; pages always offer a typed code beside it. The browser's BarcodeDetector reads frames
 * where it exists; elsewhere jsQR (loaded only then) reads frames drawn from the video.
 */
export function QrScanner({ onCode, label }: { onCode: (text: string) => void; label?: string }) {
  const [on, setOn] = useState(false);
  const [problem, setProblem] = useState('');
  const video = useRef<HTMLVideoElement>(null);
  const callback = useRef(onCode);
  callback.current = onCode;
  const id = useId();

  useEffect(() => {
    if (!on) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new Error('this browser gives pages no camera');
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        const v = video.current;
        if (stopped || !v) return;
        v.srcObject = stream;
        await v.play();
        const read = await frameReader();
        const tick = async () => {
          if (stopped) return;
          const text = v.readyState >= 2 ? await read(v).catch(() => null) : null;
          if (text) callback.current(text);
          // A pause after a read: the same badge stays in view while the answer is read out.
          timer = setTimeout(tick, text ? 1500 : 200);
        };
        void tick();
      } catch (err) {
        if (!stopped) {
          setProblem(`The camera could not be started (${(err as Error).message || 'refused'}). Type the code or reference instead.`);
          setOn(false);
        }
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, [on]);

  return (
    <div className="qr-scanner">
      <button
        type="button"
        className="button button-secondary"
        aria-pressed={on}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onClick={() => {
          setProblem('');
          setOn((x) => !x);
        }}
      >
        {on ? 'Stop the camera' : (label ?? 'Scan with the camera')}
      </button>
      {on ? <video ref={video} className="qr-video" muted playsInline aria-label="Camera view: hold the QR code in the frame" /> : null}
      <p id={`${id}-problem`} role="status" className={problem ? 'status status-error' : 'status-empty'}>
        {problem}
      </p>
    </div>
  );
}

type Reader = (v: HTMLVideoElement) => Promise<string | null>;

type Detector = { detect: (source: CanvasImageSource) => Promise<Array<{ rawValue: string }>> };
type DetectorClass = { new (o: { formats: string[] }): Detector; getSupportedFormats?: () => Promise<string[]> };

/** The browser's own QR reader when it has one, jsQR on frames drawn to a canvas otherwise. */
async function frameReader(): Promise<Reader> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  const formats: string[] = (await Native?.getSupportedFormats?.().catch(() => [])) ?? [];
  if (Native && formats.includes('qr_code')) {
    const detector = new Native({ formats: ['qr_code'] });
    return async (v) => (await detector.detect(v))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return async (v) => {
    if (!ctx || !v.videoWidth) return null;
    // Frames are read at most 640 px wide: enough for a badge held up, and quick on a phone.
    const scale = Math.min(1, 640 / v.videoWidth);
    canvas.width = Math.round(v.videoWidth * scale);
    canvas.height = Math.round(v.videoHeight * scale);
    ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
    const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
  };
}
