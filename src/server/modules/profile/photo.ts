import type { Readable } from 'node:stream';
import type Sharp from 'sharp';
import {
  PHOTO_MAX_BYTES,
  PHOTO_SIZE,
  PHOTO_TOO_LARGE_MESSAGE,
  PHOTO_UNSUPPORTED_MESSAGE,
} from '../../../shared/profile.js';
import { AppError } from '../../lib/app-error.js';

/** sharp and libvips (about 20 MB) are loaded on the first photo, not at start-up. */
let sharpModule: Promise<typeof Sharp> | null = null;
function loadSharp(): Promise<typeof Sharp> {
  sharpModule ??= import('sharp').then((m) => m.default);
  return sharpModule;
}

export type ImageKind = 'jpeg' | 'png' | 'webp';

/** Refused before decoding: a larger picture could take gigabytes to decode (a "pixel bomb"). */
export const MAX_SIDE = 10_000;
export const MAX_PIXELS = 40_000_000;

export function tooLarge(): AppError {
  return new AppError('file_too_large', { detail: PHOTO_TOO_LARGE_MESSAGE });
}

export function unsupportedImage(detail = PHOTO_UNSUPPORTED_MESSAGE): AppError {
  return new AppError('unsupported_image', { detail, errors: [{ path: 'file', message: detail }] });
}

/** The image type from the file's first bytes (its "magic number"); never from its name or Content-Type. */
export function sniffImage(bytes: Buffer): ImageKind | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  return null;
}

/**
 * Reads a stream whole, up to `max` bytes, counting as it goes: one byte more is `file_too_large`.
 * On refusal the rest of the stream is drained unread (not destroyed), so the answer still
 * reaches the client.
 */
export function readUpTo(stream: Readable, max: number = PHOTO_MAX_BYTES): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > max) {
        cleanup();
        chunks.length = 0;
        stream.on('error', () => {});
        stream.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/**
 * The stored form of an uploaded photo: a 256×256 WebP, cropped to fill the square, turned
 * upright by its EXIF orientation, with every piece of metadata (EXIF, GPS, XMP, ICC) left out:
 * sharp writes none unless asked with `withMetadata()`/`keepMetadata()`, which we never call.
 *
 * The type comes from the bytes; the dimensions are read from the header and refused before
 * any pixel is decoded, and `limitInputPixels` guards the decoder as well.
 */
export async function toProfilePhoto(bytes: Buffer): Promise<Buffer> {
  if (bytes.length === 0) throw unsupportedImage('The file is empty. Choose a JPEG, PNG or WebP image.');
  const kind = sniffImage(bytes);
  if (!kind) throw unsupportedImage('That file is not a JPEG, PNG or WebP image.');

  const sharp = await loadSharp();
  let width = 0;
  let height = 0;
  try {
    // Reads the header only: no pixel is decoded here, whatever the dimensions claim.
    const header = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (header.format !== kind) throw new Error(`header says ${header.format}, bytes say ${kind}`);
    width = header.width ?? 0;
    height = header.height ?? 0;
  } catch {
    throw unsupportedImage('The image could not be read: it may be damaged. Choose another JPEG, PNG or WebP image.');
  }
  if (width < 1 || height < 1) throw unsupportedImage('The image has no pixels.');
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    throw unsupportedImage(
      `The image is too big: ${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} pixels. Use one at most ${MAX_SIDE.toLocaleString('en-US')} pixels wide and high, and at most 40 megapixels.`,
    );
  }

  try {
    return await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize(PHOTO_SIZE, PHOTO_SIZE, { fit: 'cover', position: 'centre' })
      .webp({ quality: 82, effort: 4 })
      .toBuffer();
  } catch {
    throw unsupportedImage('The image could not be read: it may be damaged. Choose another JPEG, PNG or WebP image.');
  }
}
