import { z } from 'zod';
import { emailField, lineOfText, passwordField, personName } from './fields.js';
import { onboardingSchema } from './profile.js';
import { userSchema } from './users.js';
import { membershipSchema, workspaceSchema } from './workspaces.js';

export const signupBody = z.object({
  workspaceName: lineOfText(100),
  name: personName,
  email: emailField,
  password: passwordField,
});
export type SignupInput = z.input<typeof signupBody>;

export const loginBody = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Required.').max(254),
  password: passwordField,
});
export type LoginInput = z.input<typeof loginBody>;

export const switchBody = z.object({ workspaceId: z.string().min(1).max(100) });

/** Sign-up, a workspace switch and an accepted invitation: who is signed in, and where. */
export const sessionAnswer = z.object({ user: userSchema, workspace: workspaceSchema });
export type SessionAnswer = z.infer<typeof sessionAnswer>;
export const loginAnswer = sessionAnswer.extend({ workspaces: z.array(membershipSchema) });
export type LoginAnswer = z.infer<typeof loginAnswer>;

export const accountSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  emailVerified: z.boolean(),
});
export type Account = z.infer<typeof accountSchema>;

export const meAnswer = z.object({
  account: accountSchema,
  user: userSchema,
  workspace: workspaceSchema,
  workspaces: z.array(membershipSchema),
  onboarding: onboardingSchema,
});
export type Me = z.infer<typeof meAnswer>;
