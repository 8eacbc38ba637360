// Image files for the shell and dump: checked up front so a bad path or size never touches the file.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './options';

/** Reads an image that must exist and be exactly `sizeBytes` long. */
export function readImage(file: string, sizeBytes: number): Uint8Array {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new UsageError(`image ${file} does not exist or cannot be read`);
  }
  if (!st.isFile()) throw new UsageError(`image ${file} is not a regular file`);
  if (st.size !== sizeBytes) throw new UsageError(`image ${file} is ${st.size} bytes, but the geometry says ${sizeBytes}`);
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    throw new UsageError(`image ${file} cannot be read: ${(e as Error).message}`);
  }
}

/** Opens an image for a shell: an existing file of the right size, or a new all-0xFF one (created on first save). */
export function openImageForWrite(file: string, sizeBytes: number): Uint8Array {
  if (fs.existsSync(file)) {
    const image = readImage(file, sizeBytes);
    try {
      fs.accessSync(file, fs.constants.W_OK);
    } catch {
      throw new UsageError(`image ${file} is not writable`);
    }
    return image;
  }
  const dir = path.dirname(path.resolve(file));
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(`cannot create image ${file}: directory ${dir} is missing or not writable`);
  }
  return new Uint8Array(sizeBytes).fill(0xff);
}

/** Writes the image through a temporary file, so a crash of the tool never leaves half an image. */
export function saveImage(file: string, image: Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, image);
  fs.renameSync(tmp, file);
}
