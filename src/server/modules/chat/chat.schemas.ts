import { z } from 'zod';
import { idName, limitSchema } from '../users/users.schemas.js';

export const MESSAGE_MAX = 4000;
export const WELCOME_MAX = 2000;
export const WELCOME_PLACEHOLDERS = ['name', 'team', 'role'] as const;

export const messageSchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    body: z.string().describe('Plain text; never HTML.'),
    author: idName.nullable().describe('Null when the workspace itself posted (the welcome message).'),
    createdAt: z.string(),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof messageSchema>;

export const channelSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string() })
  .meta({ id: 'Channel' });
export type Channel = z.infer<typeof channelSchema>;

export const messageBody = z.object({
  body: z.string().trim().min(1, 'Write a message.').max(MESSAGE_MAX, `At most ${MESSAGE_MAX} characters.`),
});

export const messagesQuery = z.object({
  limit: limitSchema,
  cursor: z.string().max(400).optional(),
});

/** `{…}` that is not one of the placeholders. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)]
    .map((m) => m[1] ?? '')
    .filter((p) => !(WELCOME_PLACEHOLDERS as readonly string[]).includes(p));
}

export const welcomeSchema = z.object({ enabled: z.boolean(), template: z.string(), updatedAt: z.string().nullable() });

export const welcomeBody = z.object({
  enabled: z.boolean(),
  template: z
    .string()
    .trim()
    .max(WELCOME_MAX, `At most ${WELCOME_MAX} characters.`)
    .refine((t) => unknownPlaceholders(t).length === 0, {
      message: 'Use only the placeholders {name}, {team} and {role}.',
    }),
});
