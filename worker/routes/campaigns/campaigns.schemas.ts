import { z } from '@hono/zod-openapi';
import { isDomainName } from '../../domain/landing-url';
import { DateTimeSchema, PageSchema } from '../../lib/openapi';
import { CurrencySchema, MinorUnitsSchema } from '../../domain/money';
import { RuleSchema, RulesSchema } from '../../domain/rules/schema';

const status = z.enum(['draft', 'live', 'paused', 'ended']);
const url = z.string().trim().max(2048).openapi({ example: 'https://yourshop.com/' });

const CodeFormatSchema = z.strictObject({
  prefix_source: z.enum(['name', 'fixed', 'none']).optional().openapi({ description: "'name': from the referrer's first name (JANE-…); 'fixed': fixed_prefix; 'none': suffix only." }),
  fixed_prefix: z
    .string()
    .regex(/^[A-Za-z0-9]{1,10}$/, 'Use 1 to 10 letters or digits.')
    .nullable()
    .optional()
    .openapi({ example: 'ACME' }),
  suffix_length: z.number().int().min(4).max(16).optional().openapi({ example: 6 }),
});

const BudgetLineSchema = z.strictObject({ currency: CurrencySchema, amount: MinorUnitsSchema }).openapi('BudgetLine');

const BudgetsSchema = z
  .array(BudgetLineSchema)
  .max(20)
  .superRefine((lines, ctx) => {
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      if (seen.has(line.currency)) ctx.addIssue({ code: 'custom', path: [i, 'currency'], message: `Only one budget line per currency: ${line.currency} is already in budgets.` });
      seen.add(line.currency);
    });
  })
  .openapi({
    example: [{ currency: 'USD', amount: 100000 }, { currency: 'EUR', amount: 90000 }],
    description: 'One budget per currency (minor units), never converted: cash and credit rewards in a currency count against its line; when there are lines, a reward in a currency without one is refused (currency_mismatch). Replaces the whole list; [] removes every budget.',
  });

const settings = {
  status: status.optional(),
  landing_url: url.nullable().optional().openapi({ description: 'Where share links send shoppers; https (http only on localhost in development), inside allowed_domains.' }),
  allowed_domains: z
    .array(z.string().trim().refine(isDomainName, 'Must be a domain name such as yourshop.com.'))
    .max(20)
    .optional()
    .openapi({ example: ['yourshop.com'], description: "Defaults to the landing URL's host." }),
  fallback_url: url.nullable().optional().openapi({ description: 'Where unknown codes go; same rules as landing_url.' }),
  share_message: z.string().trim().min(1).max(500).nullable().optional().openapi({ example: 'Join me on {campaign}: {url}' }),
  utm_params: z
    .record(z.string().regex(/^utm_[a-z0-9_]{1,32}$/, 'Keys are UTM parameters such as utm_source.'), z.string().trim().min(1).max(200))
    .refine((p) => Object.keys(p).length <= 10, 'At most 10 parameters.')
    .optional()
    .openapi({ example: { utm_source: 'referral', utm_medium: 'share_link' }, description: 'Added to the landing URL by share-link redirects.' }),
  attribution_window_days: z.number().int().min(1).max(365).optional().openapi({ example: 30, description: 'How long the shop snippet remembers a referral code (default 30).' }),
  code_format: CodeFormatSchema.optional(),
  widget_leaderboard: z.boolean().optional().openapi({ description: "Whether the referral widget shows the referrer's leaderboard position (default false)." }),
  rules: RulesSchema.optional().openapi({ description: 'The whole ordered rule list; each change makes a new rules_version.' }),
  budget: z
    .strictObject({ amount: MinorUnitsSchema, currency: CurrencySchema })
    .nullable()
    .optional()
    .openapi({ description: 'The single-currency form of `budgets` (kept for compatibility): a line sets budgets to that one line, null to none. Give `budget` or `budgets`, not both.' }),
  budgets: BudgetsSchema.optional(),
  starts_at: DateTimeSchema.nullable().optional(),
  ends_at: DateTimeSchema.nullable().optional(),
};

export const CreateCampaignSchema = z.strictObject({ name: z.string().trim().min(1).max(120).openapi({ example: 'Spring referral program' }), ...settings }).openapi('CreateCampaign');

export const UpdateCampaignSchema = z.strictObject({ name: z.string().trim().min(1).max(120).optional(), ...settings }).openapi('UpdateCampaign', {
  example: {
    status: 'live',
    rules: [
      { id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } },
      { id: 'sale', trigger: 'sale', conditions: { min_amount: 5000 }, recipients: { referrer: { type: 'percentage', percent: 10, max_amount: 2000 } } },
    ],
    budget: { amount: 100000, currency: 'USD' },
  },
});

export const CampaignSchema = z
  .object({
    id: z.string().openapi({ example: 'cmp_9aZx2Lk3Qm7Rt5Vb1Nc0' }),
    object: z.literal('campaign'),
    name: z.string(),
    status,
    is_default: z.boolean(),
    landing_url: z.string().nullable(),
    allowed_domains: z.array(z.string()),
    fallback_url: z.string().nullable(),
    share_message: z.string().nullable(),
    utm_params: z.record(z.string(), z.string()),
    attribution_window_days: z.number().int(),
    code_format: z.object({
      prefix_source: z.enum(['name', 'fixed', 'none']),
      fixed_prefix: z.string().nullable(),
      suffix_length: z.number().int(),
    }),
    rules: z.array(RuleSchema),
    rules_version: z.number().int(),
    budget: z
      .object({ amount: z.number().int(), currency: z.string() })
      .nullable()
      .openapi({ description: 'The only budget line when there is exactly one; null with none or several (read `budgets`).' }),
    budgets: z.array(z.object({ currency: z.string(), amount: z.number().int() })),
    budget_usage: z
      .array(z.object({ currency: z.string(), amount: z.number().int(), spent: z.number().int(), remaining: z.number().int() }))
      .optional()
      .openapi({ description: 'On GET /v1/campaigns/{id}: per budget line, what the rules have charged to it (cancelled rewards given back) and what is left.' }),
    starts_at: z.string().nullable(),
    ends_at: z.string().nullable(),
    widget_leaderboard: z.boolean(),
    created_at: z.string().openapi({ format: 'date-time' }),
    updated_at: z.string().openapi({ format: 'date-time' }),
    projection_lag: z
      .object({
        pending: z.number().int().openapi({ description: 'Events the campaign decided that are not in the ledger (D1) yet; normally 0.' }),
        oldest_at: z.string().nullable(),
        failing: z.number().int().openapi({ description: 'Of those, how many failed at least once (retried with backoff).' }),
        last_error: z.string().nullable(),
      })
      .optional()
      .openapi({ description: 'On GET /v1/campaigns/{id}. A lagging campaign also emits campaign.projection_lagging.' }),
  })
  .openapi('Campaign');

export const CampaignPageSchema = PageSchema.extend({ data: z.array(CampaignSchema.partial()) }).openapi('CampaignPage');
