import fs from 'node:fs';
import path from 'node:path';

/*
 * Just enough of POSIX ustar (IEEE Std 1003.1, "pax" interchange format's base) to write a backup with node
 * alone and read it back: regular files and directories, names split into prefix and name, sizes in octal.
 * Any tar tool can list or unpack the archive too (`tar -tf FILE`).
 */

const BLOCK = 512;
const CHUNK = 1 << 20;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, type: '0' | '5', mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = '';
  let short = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`The path ${name} is too long for a ustar archive.`);
    prefix = name.slice(0, cut);
    short = name.slice(cut + 1);
  }
  h.write(short, 0, 100, 'utf8');
  h.write(octal(type === '5' ? 0o755 : 0o600, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Writes a tar file entry by entry; `close` adds the two empty blocks that end an archive. */
export function tarWriter(file: string) {
  const fd = fs.openSync(file, 'wx', 0o600);
  const pad = (size: number) => {
    const rest = size % BLOCK;
    if (rest) fs.writeSync(fd, Buffer.alloc(BLOCK - rest));
  };
  return {
    addBuffer(name: string, bytes: Buffer, mtime = new Date()) {
      fs.writeSync(fd, header(name, bytes.length, '0', mtime));
      fs.writeSync(fd, bytes);
      pad(bytes.length);
    },
    /** Copies a file in chunks, so a database of any size passes through a fixed buffer. */
    addFile(name: string, source: string) {
      const st = fs.statSync(source);
      fs.writeSync(fd, header(name, st.size, '0', st.mtime));
      const src = fs.openSync(source, 'r');
      try {
        const buf = Buffer.alloc(CHUNK);
        let left = st.size;
        while (left > 0) {
          const n = fs.readSync(src, buf, 0, Math.min(CHUNK, left), null);
          if (n === 0) throw new Error(`${source} shrank while it was copied.`);
          fs.writeSync(fd, buf, 0, n);
          left -= n;
        }
      } finally {
        fs.closeSync(src);
      }
      pad(st.size);
    },
    close() {
      fs.writeSync(fd, Buffer.alloc(BLOCK * 2));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    },
    abort() {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
    },
  };
}

const text = (b: Buffer, start: number, len: number) => {
  const s = b.subarray(start, start + len);
  const end = s.indexOf(0);
  return s.subarray(0, end === -1 ? len : end).toString('utf8');
};

/**
 * Reads every regular file of a tar archive, handing each name and a reader that copies its bytes to a
 * destination path. Names that would leave the destination (absolute, or with "..") are refused.
 */
export function readTar(file: string, onFile: (name: string, copyTo: (dest: string) => void, readAll: () => Buffer) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const block = Buffer.alloc(BLOCK);
    let pos = 0;
    for (;;) {
      if (fs.readSync(fd, block, 0, BLOCK, pos) < BLOCK) throw new Error(`${file} ends in the middle of an entry; the archive is incomplete.`);
      pos += BLOCK;
      if (block.every((b) => b === 0)) return;
      if (text(block, 257, 6) !== 'ustar') throw new Error(`${file} is not a ustar archive written by guildhall backup.`);
      const name = [text(block, 345, 155), text(block, 0, 100)].filter(Boolean).join('/');
      const size = Number.parseInt(text(block, 124, 12).trim() || '0', 8);
      const type = text(block, 156, 1) || '0';
      if (path.isAbsolute(name) || name.split('/').includes('..')) throw new Error(`${file} holds the unsafe path ${name}; nothing was restored from it.`);
      const start = pos;
      if (type === '0') {
        onFile(
          name,
          (dest) => copyRange(fd, start, size, dest),
          () => {
            const b = Buffer.alloc(size);
            fs.readSync(fd, b, 0, size, start);
            return b;
          },
        );
      }
      pos += Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function copyRange(fd: number, start: number, size: number, dest: string): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const out = fs.openSync(dest, 'wx', 0o600);
  try {
    const buf = Buffer.alloc(CHUNK);
    for (let done = 0; done < size; ) {
      const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, size - done), start + done);
      if (n === 0) throw new Error('The archive ends in the middle of a file.');
      fs.writeSync(out, buf, 0, n);
      done += n;
    }
  } finally {
    fs.closeSync(out);
  }
}
