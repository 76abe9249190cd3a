import { z } from 'zod';
import { type ListParams, listOf, pageQuery } from './pagination.js';

/** An email kept by the dev mailbox while the server has no SMTP_URL. */
export const devMailSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  sentAt: z.string(),
});
export type DevMail = z.infer<typeof devMailSchema>;

export const devMailQuery = pageQuery();
export type DevMailParams = ListParams<typeof devMailQuery>;
export const devMailList = listOf(devMailSchema);
