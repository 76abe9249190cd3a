import { z } from 'zod';

// Server-only: the photo route's parameters (the profile's wire schemas are in src/shared/api/profile.ts).
export const photoParams = z.object({ key: z.string().min(1).max(100) });
