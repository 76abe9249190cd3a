import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { onboardingSchema, profileBody, tourBody } from '../../../shared/api/profile.js';
import { userSchema } from '../../../shared/api/users.js';
import { PHOTO_MAX_BYTES } from '../../../shared/profile.js';
import { AppError } from '../../lib/app-error.js';
import { imageAnswer, noContent, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';
import { readUpTo, tooLarge, unsupportedImage } from './photo.js';
import { photoParams } from './profile.schemas.js';
import type { ProfileService } from './profile.service.js';

// Multipart adds boundaries and part headers around the file.
const MULTIPART_SLACK = 64 * 1024;
const YEAR_SECONDS = 365 * 24 * 60 * 60;
const tags = ['Onboarding'];
const signedIn = problems('unauthenticated', 'validation_failed');

/** The uploaded image's bytes, up to the limit: a raw body of any type, or multipart field `file`. */
async function uploadedImage(request: FastifyRequest): Promise<Buffer> {
  const length = Number(request.headers['content-length'] ?? 0);
  if (request.isMultipart()) {
    if (length > PHOTO_MAX_BYTES + MULTIPART_SLACK) throw tooLarge();
    let part: Awaited<ReturnType<FastifyRequest['file']>>;
    try {
      part = await request.file();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw unsupportedImage('The upload could not be read. Send the image as multipart field `file`.');
    }
    if (!part) throw unsupportedImage('Attach the image in the multipart field `file`.');
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw unsupportedImage('Attach the image in the multipart field `file`.');
    }
    const bytes = await readUpTo(part.file, PHOTO_MAX_BYTES);
    // busboy stops at its own limit (the same 5 MB) and marks the part truncated.
    if (part.file.truncated) throw tooLarge();
    return bytes;
  }
  if (length > PHOTO_MAX_BYTES) throw tooLarge();
  if (!(request.body instanceof Readable)) {
    throw unsupportedImage(
      'Send the image as the request body (image/jpeg, image/png or image/webp) or as multipart field `file`.',
    );
  }
  return readUpTo(request.body, PHOTO_MAX_BYTES);
}

/** PUT and DELETE /me/photo, and reading photos: the only routes here whose bodies are not JSON. */
async function photoRoutes(fastify: FastifyInstance, { profile }: { profile: ProfileService }) {
  // The body's type is decided from its bytes, so any declared type is read as a stream, in this scope only.
  fastify.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  await fastify.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 4, parts: 5 },
  });
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.put(
    '/me/photo',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'Upload your profile photo',
        description:
          'The image as the raw body or as multipart field `file`: JPEG, PNG or WebP (decided from its bytes), up to 5 MB and 40 megapixels. Stored as a 256×256 WebP without metadata; the previous photo is deleted.',
        consumes: ['image/jpeg', 'image/png', 'image/webp', 'multipart/form-data'],
        response: { 200: userSchema, ...signedIn, ...problems('unsupported_image', 'file_too_large') },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return profile.setPhoto(auth, await uploadedImage(request));
    },
  );

  app.delete(
    '/me/photo',
    {
      config: { permission: 'self' },
      schema: { tags, summary: 'Remove your profile photo', response: { 200: userSchema, ...signedIn } },
    },
    async (request) => profile.removePhoto(requireAuth(request)),
  );

  app.get(
    '/photos/:key',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'A profile photo (image/webp) of someone in your workspace',
        description: 'The URL changes with every upload, so the answer may be cached for a year.',
        params: photoParams,
        response: {
          200: imageAnswer('image/webp', 'The photo'),
          304: noContent,
          ...signedIn,
          ...problems('not_found'),
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const { key } = request.params;
      const photo = await profile.photo(auth, key);
      reply
        .header('cache-control', `private, max-age=${YEAR_SECONDS}, immutable`)
        .header('etag', `"${key}"`)
        .header('x-content-type-options', 'nosniff')
        // An image is never a document: nothing in it may run or load anything.
        .header('content-security-policy', "default-src 'none'")
        .header('content-disposition', 'inline; filename="photo.webp"');
      if (request.headers['if-none-match'] === `"${key}"`) return reply.code(304).send(null);
      return reply.type(photo.contentType).send(photo.bytes);
    },
  );
}

export async function profileRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { profile } = services;

  app.get(
    '/me/onboarding',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'Your onboarding steps and the next one',
        response: { 200: onboardingSchema, ...problems('unauthenticated') },
      },
    },
    async (request) => profile.onboarding(requireAuth(request)),
  );

  app.patch(
    '/me/profile',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'Save your name and phone; the profile step is done from the first save',
        body: profileBody,
        response: { 200: userSchema, ...signedIn, ...problems('invalid_phone') },
      },
    },
    async (request) => profile.updateProfile(requireAuth(request), request.body),
  );

  app.post(
    '/me/profile/skip',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'Skip the profile step for now',
        response: { 200: onboardingSchema, ...problems('unauthenticated') },
      },
    },
    async (request) => profile.skipProfile(requireAuth(request)),
  );

  app.post(
    '/me/tour',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'Record that you took or skipped the tour',
        description: '`completed` is final: a later `skipped` (closing the tour taken again) keeps it.',
        body: tourBody,
        response: { 200: onboardingSchema, ...signedIn },
      },
    },
    async (request) => profile.setTour(requireAuth(request), request.body.status),
  );

  await fastify.register(photoRoutes, { profile });
}
