import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  forgotBody,
  resendAnswer,
  resetBody,
  resetLookupAnswer,
  tokenBody,
} from '../../../shared/api/account-recovery.js';
import { noContent, problems } from '../../lib/route-schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import type { RouteOptions } from '../../services.js';

/** Answers about a one-time link are never cached and never leak a referrer, errors included. */
async function noStore(_request: FastifyRequest, reply: FastifyReply) {
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}

const accepted = z.null().optional().describe('Accepted: no body, whether or not the account exists');

export async function accountRecoveryRoutes(fastify: FastifyInstance, { services }: RouteOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const service = services.accountRecovery;
  const tags = ['Accounts and sessions'];

  app.post(
    '/auth/password/forgot',
    {
      config: { public: true },
      onRequest: noStore,
      schema: {
        tags,
        summary: 'Email a password reset link, if an account has this email (the answer is the same either way)',
        body: forgotBody,
        response: { 202: accepted, ...problems('validation_failed', 'rate_limited') },
      },
    },
    async (request, reply) => {
      await service.forgot(request.body.email, request.ip);
      return reply.code(202).send(undefined);
    },
  );

  app.post(
    '/auth/password/reset/lookup',
    {
      config: { public: true },
      onRequest: noStore,
      schema: {
        tags,
        summary: 'Whose password a reset link sets (extension)',
        body: tokenBody,
        response: { 200: resetLookupAnswer, ...problems('validation_failed', 'token_invalid', 'rate_limited') },
      },
    },
    async (request) => service.lookupReset(request.body.token, request.ip),
  );

  app.post(
    '/auth/password/reset',
    {
      config: { public: true },
      onRequest: noStore,
      schema: {
        tags,
        summary: 'Set a new password with a reset link; every session of the account ends',
        body: resetBody,
        response: {
          204: noContent,
          ...problems('validation_failed', 'weak_password', 'token_invalid', 'rate_limited'),
        },
      },
    },
    async (request, reply) => {
      await service.reset(request.body, request.ip);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/verify-email',
    {
      config: { public: true },
      onRequest: noStore,
      schema: {
        tags,
        summary: 'Verify an account’s email with the link sent to it',
        body: tokenBody,
        response: { 204: noContent, ...problems('validation_failed', 'token_invalid', 'rate_limited') },
      },
    },
    async (request, reply) => {
      await service.verifyEmail(request.body.token, request.ip);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/verify-email/resend',
    {
      config: { permission: 'self' },
      schema: {
        tags,
        summary: 'Send the signed-in person a new verification link (extension)',
        response: { 202: resendAnswer, ...problems('unauthenticated', 'rate_limited') },
      },
    },
    async (request, reply) => reply.code(202).send(await service.resendVerification(requireAuth(request))),
  );
}
