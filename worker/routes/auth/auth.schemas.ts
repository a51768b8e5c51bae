import { z } from '@hono/zod-openapi';

const email = z.string().trim().max(254).pipe(z.email({ message: 'Must be a valid email address.' })).openapi({ example: 'admin@yourshop.com' });

export const LoginSchema = z
  .strictObject({
    email,
    password: z.string().min(1, 'Enter your password.').max(1024),
  })
  .openapi('Login');

export const SetupSchema = z
  .strictObject({
    workspace_name: z.string().trim().min(1, 'Name your workspace.').max(120).openapi({ example: 'Your shop' }),
    email,
    password: z.string().min(10, 'Use at least 10 characters.').max(1024),
    setup_token: z
      .string()
      .trim()
      .min(1, 'Enter the setup token.')
      .max(1024)
      .openapi({ description: 'The SETUP_TOKEN secret set at deploy (`npm start` prints the local one).' }),
  })
  .openapi('Setup');

export const SessionSchema = z
  .object({
    object: z.literal('session'),
    admin: z.object({ id: z.string(), email: z.string() }),
    workspace: z.object({ id: z.string(), name: z.string() }),
    csrf_token: z.string().openapi({ description: "Send it as 'X-CSRF-Token' on every write made with the session cookie." }),
    expires_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Session');

export const SetupStatusSchema = z.object({ setup_required: z.boolean() }).openapi('SetupStatus');
