import { z } from 'zod';
import { emailField, lineOfText, personName } from '../../lib/fields.js';
import { onboardingSchema } from '../profile/profile.schemas.js';
import { userSchema } from '../users/users.schemas.js';
import { membershipSchema, workspaceSchema } from '../workspaces/workspaces.schemas.js';

// Passwords are taken exactly as typed (no trimming); length rules give `weak_password` with a reason.
const password = z.string().min(1, 'Required.').max(100_000);

export const signupBody = z.object({
  workspaceName: lineOfText(100),
  name: personName,
  email: emailField,
  password,
});

export const loginBody = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Required.').max(254),
  password,
});

export const switchBody = z.object({ workspaceId: z.string().min(1).max(100) });

export const sessionAnswer = z.object({ user: userSchema, workspace: workspaceSchema });
export const loginAnswer = sessionAnswer.extend({ workspaces: z.array(membershipSchema) });

export const meAnswer = z.object({
  account: z.object({ id: z.string(), email: z.string(), name: z.string(), emailVerified: z.boolean() }),
  user: userSchema,
  workspace: workspaceSchema,
  workspaces: z.array(membershipSchema),
  onboarding: onboardingSchema,
});
