import { z } from 'zod';
import { MESSAGE_MAX, unknownPlaceholders, WELCOME_MAX } from '../chat.js';
import { idName } from './common.js';
import { pageQuery } from './pagination.js';

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

/** Oldest first; a page's `nextCursor` gets the messages before it. */
export const messagesQuery = pageQuery(400);

export const welcomeSchema = z.object({ enabled: z.boolean(), template: z.string(), updatedAt: z.string().nullable() });
export type WelcomeMessage = z.infer<typeof welcomeSchema>;

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
export type WelcomeInput = z.input<typeof welcomeBody>;
