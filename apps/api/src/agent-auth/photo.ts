import { createHash } from 'node:crypto';
import sharp from 'sharp';

/** Agent photos: at most 5 MB uploaded; stored as a 400×400 WebP. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const SIZE = 400;
const FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif']);

export type PhotoResult = { ok: true; body: Buffer; key: string } | { ok: false; status: 400 | 413; message: string };

/**
 * Checks that the bytes are an image (by content, not by the declared type), and turns them into a
 * square 400×400 WebP with sharp (EXIF rotation applied, metadata dropped). The storage key carries
 * the content hash, so a new photo gets a new URL and old ones can be cached for ever.
 */
export async function preparePhoto(userId: string, bytes: Buffer): Promise<PhotoResult> {
  if (bytes.length === 0) return { ok: false, status: 400, message: 'Choose a photo to upload.' };
  if (bytes.length > MAX_PHOTO_BYTES) return { ok: false, status: 413, message: 'The photo is larger than 5 MB. Choose a smaller one.' };
  let format: string | undefined;
  try {
    format = (await sharp(bytes, { limitInputPixels: 40_000_000 }).metadata()).format;
  } catch {
    format = undefined;
  }
  if (!format || !FORMATS.has(format))
    return { ok: false, status: 400, message: 'That file is not a photo we can use. Upload a JPEG, PNG, WebP or GIF image.' };
  const body = await sharp(bytes, { limitInputPixels: 40_000_000 })
    .rotate()
    .resize(SIZE, SIZE, { fit: 'cover', position: 'attention' })
    .webp({ quality: 82 })
    .toBuffer();
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { ok: true, body, key: `agent-photos/${userId}/${hash}.webp` };
}
