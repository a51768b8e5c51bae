import { z } from '@hono/zod-openapi';
import { BoundedMetadataSchema } from '../../lib/bounds';
import { MetadataSchema, PageSchema } from '../../lib/openapi';
import { CampaignSchema } from '../campaigns/campaigns.schemas';
import { RewardSchema } from '../rewards/rewards.schemas';

const metadata = BoundedMetadataSchema;

const email = z.string().trim().max(254).pipe(z.email({ message: 'Must be a valid email address.' }));
const name = z.string().trim().min(1).max(255);

export const CreateUserSchema = z
  .strictObject({
    external_id: z.string().trim().min(1).max(255).openapi({ example: 'cust_123', description: 'Your id for this person; creating twice returns the first user.' }),
    email: email.nullable().optional().openapi({ example: 'jane@example.com' }),
    name: name.nullable().optional().openapi({ example: 'Jane Doe' }),
    campaign_id: z.string().min(1).max(128).optional().openapi({ description: "Defaults to the environment's default campaign." }),
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?!-)){1,30}[A-Za-z0-9]$/, 'Use 3 to 32 letters, digits and single inner hyphens.')
      .optional()
      .openapi({ example: 'JANE2026', description: 'A vanity code; 409 if taken in this environment.' }),
    referred_by: z.string().trim().min(1).max(64).optional().openapi({ example: 'MARK-7K2M9Q', description: "The referrer's code." }),
    metadata: metadata.optional(),
  })
  .openapi('CreateUser');

export const UpdateUserSchema = z
  .strictObject({
    email: email.nullable().optional(),
    name: name.nullable().optional(),
    metadata: metadata.optional(),
  })
  .openapi('UpdateUser');

const ShareLinkSchema = z.object({
  channel: z.enum(['email', 'sms', 'whatsapp', 'facebook', 'x', 'linkedin']),
  url: z.string(),
});

const userFields = {
  id: z.string().openapi({ example: 'usr_4Qm8vT2kLx9pZr0aB1cD' }),
  object: z.literal('user'),
  external_id: z.string().nullable().openapi({ example: 'cust_123' }),
  email: z.string().nullable().openapi({ example: 'jane@example.com' }),
  name: z.string().nullable().openapi({ example: 'Jane Doe' }),
  referral_code: z.string().openapi({ example: 'JANE-A1B2C3' }),
  share_url: z.string().openapi({
    example: 'https://referrio.example.com/r/JANE-A1B2C3',
    description: "The link to share: this API's `GET /r/{code}`, which counts the visit and redirects to the campaign's landing page. `sharing` is built from it.",
  }),
  direct_url: z
    .string()
    .nullable()
    .openapi({
      example: 'https://yourshop.com/?r=JANE-A1B2C3',
      description:
        "Where `share_url` leads (the landing URL with the campaign's UTM parameters and `r=CODE`), for shops that count visits on their own pages (`/v1/snippet.js` or `POST /v1/clicks`); following it directly is not counted here. Null while the campaign has no landing URL.",
    }),
  sharing: z.array(ShareLinkSchema),
  campaign_id: z.string(),
  referrer_id: z.string().nullable(),
  referred_by: z.string().nullable().openapi({ description: "The referrer's code, when this user was referred." }),
  metadata: MetadataSchema,
  source: z.enum(['api', 'import', 'dashboard', 'referred']),
  visits: z.number().int().openapi({ description: 'Share-link visits (every counted click); updated within seconds.' }),
  unique_visits: z.number().int().openapi({ description: 'Visits by a visitor not already counted in the previous 30 minutes.' }),
  created_at: z.string().openapi({ format: 'date-time' }),
  updated_at: z.string().openapi({ format: 'date-time' }),
};

const BaseUserSchema = z.object(userFields);

export const UserSchema = z
  .object({
    ...userFields,
    campaign: CampaignSchema.optional().openapi({ description: 'With `with=campaign`.' }),
    referrer: BaseUserSchema.nullable().optional().openapi({ description: 'With `with=referrer`.' }),
    rewards_due: z.array(RewardSchema).optional().openapi({ description: 'With `with=rewards_due`: pending and approved rewards.' }),
    rewards_issued: z.array(RewardSchema).optional().openapi({ description: 'With `with=rewards_issued`: paid rewards.' }),
  })
  .openapi('User');

export const UserPageSchema = PageSchema.extend({ data: z.array(UserSchema.partial()) }).openapi('UserPage');

export const UserQuerySchema = z.strictObject({
  with: z
    .string()
    .max(200)
    .optional()
    .refine((w) => !w || w.split(',').every((r) => ['campaign', 'referrer', 'rewards_due', 'rewards_issued', 'all'].includes(r.trim())), 'Use any of: campaign, referrer, rewards_due, rewards_issued, all.')
    .openapi({ description: 'Relations to embed: `campaign`, `referrer`, `rewards_due`, `rewards_issued`, or `all`.' }),
});

/**
 * Rows per import call. Each row costs about seven D1 and Durable Object calls, and a Worker
 * invocation may make 1,000 calls to Cloudflare services: 100 rows stay well inside it.
 */
export const MAX_IMPORT_ROWS = 100;

export const ImportUsersSchema = z
  .strictObject({
    campaign_id: z.string().min(1).max(128).optional().openapi({ description: "Every row's campaign; defaults to the environment's default campaign." }),
    rows: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .max(MAX_IMPORT_ROWS)
      .openapi({ description: 'Up to 100 rows shaped like CreateUser (external_id, email, name, referred_by, …); empty cells may be sent as "".' }),
  })
  .openapi('ImportUsers');

const FieldErrorSchema = z.object({ field: z.string(), message: z.string() });

export const UserImportSchema = z
  .object({
    object: z.literal('user_import'),
    created: z.number().int(),
    existing: z.number().int(),
    rejected: z.number().int(),
    results: z.array(
      z.object({
        index: z.number().int().openapi({ description: 'Position of the row in `rows`, from 0.' }),
        status: z.enum(['created', 'existing', 'rejected']),
        id: z.string().optional(),
        referral_code: z.string().optional(),
        errors: z.array(FieldErrorSchema).optional(),
      }),
    ),
  })
  .openapi('UserImport');

/** GET /v1/users/{id}/export (services/privacy/export.ts). */
export const UserExportSchema = z
  .object({
    object: z.literal('user_export'),
    generated_at: z.string().openapi({ format: 'date-time' }),
    user: UserSchema,
    referrals_made: z.array(z.record(z.string(), z.unknown())).openapi({ description: 'Referrals (events) where this user is the referrer.' }),
    referrals_received: z.array(z.record(z.string(), z.unknown())).openapi({ description: 'Referrals where this user is the referee.' }),
    rewards: z.array(z.record(z.string(), z.unknown())),
    visits_by_day: z.array(z.object({ day: z.string(), visits: z.number().int(), unique_visits: z.number().int() })),
  })
  .openapi('UserExport');
