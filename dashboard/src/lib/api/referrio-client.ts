/* eslint-disable */
/* tslint:disable */
// @ts-nocheck
/*
 * ---------------------------------------------------------------
 * ## THIS FILE WAS GENERATED VIA SWAGGER-TYPESCRIPT-API        ##
 * ##                                                           ##
 * ## AUTHOR: acacode                                           ##
 * ## SOURCE: https://github.com/acacode/swagger-typescript-api ##
 * ---------------------------------------------------------------
 */

/** RFC 9457 problem details; every error the API returns has this shape. */
export interface Problem {
  /**
   * @format uri
   * @example "https://referrio.dev/problems/validation-error"
   */
  type: string;
  /** @example "Invalid request" */
  title: string;
  /** @example 400 */
  status: number;
  detail?: string;
  errors?: {
    field: string;
    message: string;
  }[];
  instance?: string;
  /** @example "req_8Jf2kLq0ZpX1mN3bV7cT" */
  request_id: string;
}

export interface Visit {
  object: "visit";
  /** @example "JANE-7K2M9Q" */
  code: string;
  /** How long the shop should remember the code (the snippet sets its cookie for this long). */
  attribution_window_days: number;
  /** False for bots and for campaigns that are not live. */
  counted: boolean;
}

export interface VoucherRedemption {
  object: "voucher_redemption";
  voucher: Voucher;
  /** The `voucher_redeemed` event logged for the referee who received the voucher, when the campaign has a rule on that trigger; else null. */
  referral: Referral;
}

export interface Voucher {
  id: string;
  object: "voucher";
  code: string;
  pool_id: string;
  status: "available" | "assigned" | "redeemed";
  reward_id: string | null;
  assigned_at: string | null;
  redeemed_at: string | null;
  created_at: string;
}

/** The `voucher_redeemed` event logged for the referee who received the voucher, when the campaign has a rule on that trigger; else null. */
export interface Referral {
  /** @example "ref_7Hk2Lm9Np3Qr5St1Uv0W" */
  id: string;
  object: "referral";
  type: string;
  status: "qualified" | "not_qualified" | "rejected" | "refunded" | "recorded";
  /** Why rules produced no reward, or why the event was rejected (self_referral, already_referred, cap_reached, …). */
  reasons: {
    rule_id: string | null;
    /** @example "below_min_amount" */
    reason: string;
  }[];
  campaign_id: string;
  referrer_id: string;
  referee_id: string | null;
  amount: number | null;
  currency: string | null;
  order_id: string | null;
  refund_of: string | null;
  rules_version: number;
  /** @example {"plan":"pro"} */
  metadata: Record<string, any>;
  occurred_at: string;
  created_at: string;
  rewards: Reward[];
}

export interface Reward {
  /** @example "rwd_0aB1cD2eF3gH4iJ5kL6m" */
  id: string;
  object: "reward";
  campaign_id: string;
  /** The event that earned it; null for rewards issued by hand. */
  referral_id: string | null;
  user_id: string;
  recipient: "referrer" | "referee";
  type: "cash" | "credit" | "points" | "voucher";
  amount: number | null;
  currency: string | null;
  points: number | null;
  voucher_pool_id: string | null;
  voucher_code: string | null;
  status: "pending" | "approved" | "paid" | "cancelled";
  /**
   * awaiting_approval, on_hold, awaiting_voucher, pool_empty, refunded, or a cancel reason.
   * @example "awaiting_approval"
   */
  status_reason: string | null;
  hold_until: string | null;
  needs_review: boolean;
  rule_id: string | null;
  rules_version: number | null;
  note: string | null;
  payout_reference: string | null;
  approved_at: string | null;
  paid_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SetupStatus {
  setup_required: boolean;
}

export interface Session {
  object: "session";
  admin: {
    id: string;
    email: string;
  };
  workspace: {
    id: string;
    name: string;
  };
  /** Send it as 'X-CSRF-Token' on every write made with the session cookie. */
  csrf_token: string;
  /** @format date-time */
  expires_at: string;
}

export interface Setup {
  /**
   * @minLength 1
   * @maxLength 120
   * @example "Your shop"
   */
  workspace_name: string;
  /**
   * @maxLength 254
   * @example "admin@yourshop.com"
   */
  email: string;
  /**
   * @minLength 10
   * @maxLength 1024
   */
  password: string;
}

export interface Login {
  /**
   * @maxLength 254
   * @example "admin@yourshop.com"
   */
  email: string;
  /**
   * @minLength 1
   * @maxLength 1024
   */
  password: string;
}

export interface User {
  /** @example "usr_4Qm8vT2kLx9pZr0aB1cD" */
  id: string;
  object: "user";
  /** @example "cust_123" */
  external_id: string | null;
  /** @example "jane@example.com" */
  email: string | null;
  /** @example "Jane Doe" */
  name: string | null;
  /** @example "JANE-A1B2C3" */
  referral_code: string;
  /**
   * The link to share: this API's `GET /r/{code}`, which counts the visit and redirects to the campaign's landing page. `sharing` is built from it.
   * @example "https://referrio.example.com/r/JANE-A1B2C3"
   */
  share_url: string;
  /**
   * Where `share_url` leads (the landing URL with the campaign's UTM parameters and `r=CODE`), for shops that count visits on their own pages (`/v1/snippet.js` or `POST /v1/clicks`); following it directly is not counted here. Null while the campaign has no landing URL.
   * @example "https://yourshop.com/?r=JANE-A1B2C3"
   */
  direct_url: string | null;
  sharing: {
    channel: "email" | "sms" | "whatsapp" | "facebook" | "x" | "linkedin";
    url: string;
  }[];
  campaign_id: string;
  referrer_id: string | null;
  /** The referrer's code, when this user was referred. */
  referred_by: string | null;
  /** @example {"plan":"pro"} */
  metadata: Record<string, any>;
  source: "api" | "import" | "dashboard" | "referred";
  /** Share-link visits (every counted click); updated within seconds. */
  visits: number;
  /** Visits by a visitor not already counted in the previous 30 minutes. */
  unique_visits: number;
  /** @format date-time */
  created_at: string;
  /** @format date-time */
  updated_at: string;
  /** With `with=campaign`. */
  campaign?: Campaign;
  /** With `with=referrer`. */
  referrer?: {
    /** @example "usr_4Qm8vT2kLx9pZr0aB1cD" */
    id: string;
    object: "user";
    /** @example "cust_123" */
    external_id: string | null;
    /** @example "jane@example.com" */
    email: string | null;
    /** @example "Jane Doe" */
    name: string | null;
    /** @example "JANE-A1B2C3" */
    referral_code: string;
    /**
     * The link to share: this API's `GET /r/{code}`, which counts the visit and redirects to the campaign's landing page. `sharing` is built from it.
     * @example "https://referrio.example.com/r/JANE-A1B2C3"
     */
    share_url: string;
    /**
     * Where `share_url` leads (the landing URL with the campaign's UTM parameters and `r=CODE`), for shops that count visits on their own pages (`/v1/snippet.js` or `POST /v1/clicks`); following it directly is not counted here. Null while the campaign has no landing URL.
     * @example "https://yourshop.com/?r=JANE-A1B2C3"
     */
    direct_url: string | null;
    sharing: {
      channel: "email" | "sms" | "whatsapp" | "facebook" | "x" | "linkedin";
      url: string;
    }[];
    campaign_id: string;
    referrer_id: string | null;
    /** The referrer's code, when this user was referred. */
    referred_by: string | null;
    /** @example {"plan":"pro"} */
    metadata: Record<string, any>;
    source: "api" | "import" | "dashboard" | "referred";
    /** Share-link visits (every counted click); updated within seconds. */
    visits: number;
    /** Visits by a visitor not already counted in the previous 30 minutes. */
    unique_visits: number;
    /** @format date-time */
    created_at: string;
    /** @format date-time */
    updated_at: string;
  };
  /** With `with=rewards_due`: pending and approved rewards. */
  rewards_due?: Reward[];
  /** With `with=rewards_issued`: paid rewards. */
  rewards_issued?: Reward[];
}

/** With `with=campaign`. */
export interface Campaign {
  /** @example "cmp_9aZx2Lk3Qm7Rt5Vb1Nc0" */
  id: string;
  object: "campaign";
  name: string;
  status: "draft" | "live" | "paused" | "ended";
  is_default: boolean;
  landing_url: string | null;
  allowed_domains: string[];
  fallback_url: string | null;
  share_message: string | null;
  utm_params: Record<string, string>;
  attribution_window_days: number;
  code_format: {
    prefix_source: "name" | "fixed" | "none";
    fixed_prefix: string | null;
    suffix_length: number;
  };
  rules: Rule[];
  rules_version: number;
  budget: {
    amount: number;
    currency: string;
  };
  starts_at: string | null;
  ends_at: string | null;
  /** @format date-time */
  created_at: string;
  /** @format date-time */
  updated_at: string;
}

export interface Rule {
  /**
   * @pattern ^[A-Za-z0-9_-]{1,64}$
   * @example "sale-10pct"
   */
  id: string;
  /** @maxLength 120 */
  name?: string;
  /**
   * @pattern ^[a-z][a-z0-9_.-]{0,63}$
   * @example "sale"
   */
  trigger: string;
  conditions?: {
    /**
     * @min 0
     * @max 1000000000000
     */
    min_amount?: number;
    /**
     * @min 0
     * @max 1000000000000
     */
    max_amount?: number;
    /**
     * @pattern ^[A-Za-z]{3}$
     * @example "USD"
     */
    currency?: string;
    first_purchase_only?: boolean;
    /**
     * @min 0
     * @max 3650
     */
    within_days_of_signup?: number;
    metadata_equals?: Record<string, string | number | boolean>;
  };
  recipients: {
    referrer?: RewardSpec;
    referee?: RewardSpec;
  };
  milestone?: {
    /** true: every Nth qualifying referral; false: only the Nth. */
    every: boolean;
    /**
     * @min 1
     * @max 1000000
     */
    n: number;
  };
  /**
   * Replaces the referrer's reward from a count on, e.g. 10% for the first 5, 15% after: [{ from: 6, referrer: 15% }].
   * @maxItems 20
   */
  tiers?: {
    /**
     * From the referrer's Nth qualifying referral on.
     * @min 1
     */
    from: number;
    referrer: RewardSpec;
  }[];
  /** @min 1 */
  max_rewards_per_referrer?: number;
  /** @default "auto" */
  approval?: "auto" | "manual";
  /**
   * Cash and credit stay pending this many days (refund window).
   * @min 0
   * @max 365
   * @default 0
   */
  hold_days?: number;
}

export type RewardSpec =
  | {
      type: "cash";
      /**
       * @min 0
       * @max 1000000000000
       */
      amount: number;
      /**
       * @pattern ^[A-Za-z]{3}$
       * @example "USD"
       */
      currency: string;
    }
  | {
      type: "percentage";
      /**
       * Of the sale amount, paid as cash in the sale currency.
       * @exclusiveMin 0
       * @max 100
       * @example 10
       */
      percent: number;
      /**
       * Cap per reward, in minor units.
       * @min 0
       * @max 1000000000000
       */
      max_amount?: number;
    }
  | {
      type: "credit";
      /**
       * @min 0
       * @max 1000000000000
       */
      amount: number;
      /**
       * @pattern ^[A-Za-z]{3}$
       * @example "USD"
       */
      currency: string;
    }
  | {
      type: "points";
      /**
       * @min 1
       * @max 1000000000
       */
      points: number;
    }
  | {
      type: "voucher";
      /**
       * @minLength 1
       * @maxLength 128
       */
      pool_id: string;
    };

export interface CreateUser {
  /**
   * Your id for this person; creating twice returns the first user.
   * @minLength 1
   * @maxLength 255
   * @example "cust_123"
   */
  external_id: string;
  /**
   * @maxLength 254
   * @example "jane@example.com"
   */
  email?: string | null;
  /**
   * @minLength 1
   * @maxLength 255
   * @example "Jane Doe"
   */
  name?: string | null;
  /**
   * Defaults to the environment's default campaign.
   * @minLength 1
   * @maxLength 128
   */
  campaign_id?: string;
  /**
   * A vanity code; 409 if taken in this environment.
   * @pattern ^[A-Za-z0-9](?:[A-Za-z0-9]|-(?!-)){1,30}[A-Za-z0-9]$
   * @example "JANE2026"
   */
  code?: string;
  /**
   * The referrer's code.
   * @minLength 1
   * @maxLength 64
   * @example "MARK-7K2M9Q"
   */
  referred_by?: string;
  /**
   * Your own data: an object of up to 100 keys (each up to 255 characters), 10 levels deep, 16 KB as UTF-8 JSON.
   * @example {"plan":"pro"}
   */
  metadata?: Record<string, any>;
}

export interface UserImport {
  object: "user_import";
  created: number;
  existing: number;
  rejected: number;
  results: {
    /** Position of the row in `rows`, from 0. */
    index: number;
    status: "created" | "existing" | "rejected";
    id?: string;
    referral_code?: string;
    errors?: {
      field: string;
      message: string;
    }[];
  }[];
}

export interface ImportUsers {
  /**
   * Every row's campaign; defaults to the environment's default campaign.
   * @minLength 1
   * @maxLength 128
   */
  campaign_id?: string;
  /**
   * Up to 100 rows shaped like CreateUser (external_id, email, name, referred_by, …); empty cells may be sent as "".
   * @maxItems 100
   * @minItems 1
   */
  rows: Record<string, any>[];
}

export type UserPage = Page & {
  data: {
    /** @example "usr_4Qm8vT2kLx9pZr0aB1cD" */
    id?: string;
    object?: "user";
    /** @example "cust_123" */
    external_id?: string | null;
    /** @example "jane@example.com" */
    email?: string | null;
    /** @example "Jane Doe" */
    name?: string | null;
    /** @example "JANE-A1B2C3" */
    referral_code?: string;
    /**
     * The link to share: this API's `GET /r/{code}`, which counts the visit and redirects to the campaign's landing page. `sharing` is built from it.
     * @example "https://referrio.example.com/r/JANE-A1B2C3"
     */
    share_url?: string;
    /**
     * Where `share_url` leads (the landing URL with the campaign's UTM parameters and `r=CODE`), for shops that count visits on their own pages (`/v1/snippet.js` or `POST /v1/clicks`); following it directly is not counted here. Null while the campaign has no landing URL.
     * @example "https://yourshop.com/?r=JANE-A1B2C3"
     */
    direct_url?: string | null;
    sharing?: {
      channel: "email" | "sms" | "whatsapp" | "facebook" | "x" | "linkedin";
      url: string;
    }[];
    campaign_id?: string;
    referrer_id?: string | null;
    /** The referrer's code, when this user was referred. */
    referred_by?: string | null;
    /** @example {"plan":"pro"} */
    metadata?: Record<string, any>;
    source?: "api" | "import" | "dashboard" | "referred";
    /** Share-link visits (every counted click); updated within seconds. */
    visits?: number;
    /** Visits by a visitor not already counted in the previous 30 minutes. */
    unique_visits?: number;
    /** @format date-time */
    created_at?: string;
    /** @format date-time */
    updated_at?: string;
    /** With `with=campaign`. */
    campaign?: Campaign;
    /** With `with=referrer`. */
    referrer?: {
      /** @example "usr_4Qm8vT2kLx9pZr0aB1cD" */
      id: string;
      object: "user";
      /** @example "cust_123" */
      external_id: string | null;
      /** @example "jane@example.com" */
      email: string | null;
      /** @example "Jane Doe" */
      name: string | null;
      /** @example "JANE-A1B2C3" */
      referral_code: string;
      /**
       * The link to share: this API's `GET /r/{code}`, which counts the visit and redirects to the campaign's landing page. `sharing` is built from it.
       * @example "https://referrio.example.com/r/JANE-A1B2C3"
       */
      share_url: string;
      /**
       * Where `share_url` leads (the landing URL with the campaign's UTM parameters and `r=CODE`), for shops that count visits on their own pages (`/v1/snippet.js` or `POST /v1/clicks`); following it directly is not counted here. Null while the campaign has no landing URL.
       * @example "https://yourshop.com/?r=JANE-A1B2C3"
       */
      direct_url: string | null;
      sharing: {
        channel: "email" | "sms" | "whatsapp" | "facebook" | "x" | "linkedin";
        url: string;
      }[];
      campaign_id: string;
      referrer_id: string | null;
      /** The referrer's code, when this user was referred. */
      referred_by: string | null;
      /** @example {"plan":"pro"} */
      metadata: Record<string, any>;
      source: "api" | "import" | "dashboard" | "referred";
      /** Share-link visits (every counted click); updated within seconds. */
      visits: number;
      /** Visits by a visitor not already counted in the previous 30 minutes. */
      unique_visits: number;
      /** @format date-time */
      created_at: string;
      /** @format date-time */
      updated_at: string;
    };
    /** With `with=rewards_due`: pending and approved rewards. */
    rewards_due?: Reward[];
    /** With `with=rewards_issued`: paid rewards. */
    rewards_issued?: Reward[];
  }[];
};

export interface Page {
  links: {
    first: string;
    last: string;
    prev: string | null;
    next: string | null;
  };
  meta: {
    current_page: number;
    from: number | null;
    last_page: number;
    per_page: number;
    to: number | null;
    total: number;
  };
}

export interface UpdateUser {
  /** @maxLength 254 */
  email?: string | null;
  /**
   * @minLength 1
   * @maxLength 255
   */
  name?: string | null;
  /**
   * Your own data: an object of up to 100 keys (each up to 255 characters), 10 levels deep, 16 KB as UTF-8 JSON.
   * @example {"plan":"pro"}
   */
  metadata?: Record<string, any>;
}

export type CampaignPage = Page & {
  data: {
    /** @example "cmp_9aZx2Lk3Qm7Rt5Vb1Nc0" */
    id?: string;
    object?: "campaign";
    name?: string;
    status?: "draft" | "live" | "paused" | "ended";
    is_default?: boolean;
    landing_url?: string | null;
    allowed_domains?: string[];
    fallback_url?: string | null;
    share_message?: string | null;
    utm_params?: Record<string, string>;
    attribution_window_days?: number;
    code_format?: {
      prefix_source: "name" | "fixed" | "none";
      fixed_prefix: string | null;
      suffix_length: number;
    };
    rules?: Rule[];
    rules_version?: number;
    budget?: {
      amount: number;
      currency: string;
    };
    starts_at?: string | null;
    ends_at?: string | null;
    /** @format date-time */
    created_at?: string;
    /** @format date-time */
    updated_at?: string;
  }[];
};

export interface CreateCampaign {
  /**
   * @minLength 1
   * @maxLength 120
   * @example "Spring referral program"
   */
  name: string;
  status?: "draft" | "live" | "paused" | "ended";
  /**
   * Where share links send shoppers; https (http only on localhost in development), inside allowed_domains.
   * @maxLength 2048
   * @example "https://yourshop.com/"
   */
  landing_url?: string | null;
  /**
   * Defaults to the landing URL's host.
   * @maxItems 20
   * @example ["yourshop.com"]
   */
  allowed_domains?: string[];
  /**
   * Where unknown codes go; same rules as landing_url.
   * @maxLength 2048
   * @example "https://yourshop.com/"
   */
  fallback_url?: string | null;
  /**
   * @minLength 1
   * @maxLength 500
   * @example "Join me on {campaign}: {url}"
   */
  share_message?: string | null;
  /**
   * Added to the landing URL by share-link redirects.
   * @example {"utm_source":"referral","utm_medium":"share_link"}
   */
  utm_params?: Record<string, string>;
  /**
   * How long the shop snippet remembers a referral code (default 30).
   * @min 1
   * @max 365
   * @example 30
   */
  attribution_window_days?: number;
  code_format?: {
    /** 'name': from the referrer's first name (JANE-…); 'fixed': fixed_prefix; 'none': suffix only. */
    prefix_source?: "name" | "fixed" | "none";
    /**
     * @pattern ^[A-Za-z0-9]{1,10}$
     * @example "ACME"
     */
    fixed_prefix?: string | null;
    /**
     * @min 4
     * @max 16
     * @example 6
     */
    suffix_length?: number;
  };
  /**
   * The whole ordered rule list; each change makes a new rules_version.
   * @maxItems 50
   */
  rules?: Rule[];
  /** Total cash and credit (in this currency, minor units) the campaign may award. */
  budget?: {
    /** @min 0 */
    amount: number;
    /**
     * @pattern ^[A-Za-z]{3}$
     * @example "USD"
     */
    currency: string;
  };
  /**
   * @format date-time
   * @example "2026-11-23T10:00:00Z"
   */
  starts_at?: string | null;
  /**
   * @format date-time
   * @example "2026-11-23T10:00:00Z"
   */
  ends_at?: string | null;
}

/** @example {"status":"live","rules":[{"id":"signup","trigger":"signup","recipients":{"referrer":{"type":"cash","amount":500,"currency":"USD"}}},{"id":"sale","trigger":"sale","conditions":{"min_amount":5000},"recipients":{"referrer":{"type":"percentage","percent":10,"max_amount":2000}}}],"budget":{"amount":100000,"currency":"USD"}} */
export interface UpdateCampaign {
  /**
   * @minLength 1
   * @maxLength 120
   */
  name?: string;
  status?: "draft" | "live" | "paused" | "ended";
  /**
   * Where share links send shoppers; https (http only on localhost in development), inside allowed_domains.
   * @maxLength 2048
   * @example "https://yourshop.com/"
   */
  landing_url?: string | null;
  /**
   * Defaults to the landing URL's host.
   * @maxItems 20
   * @example ["yourshop.com"]
   */
  allowed_domains?: string[];
  /**
   * Where unknown codes go; same rules as landing_url.
   * @maxLength 2048
   * @example "https://yourshop.com/"
   */
  fallback_url?: string | null;
  /**
   * @minLength 1
   * @maxLength 500
   * @example "Join me on {campaign}: {url}"
   */
  share_message?: string | null;
  /**
   * Added to the landing URL by share-link redirects.
   * @example {"utm_source":"referral","utm_medium":"share_link"}
   */
  utm_params?: Record<string, string>;
  /**
   * How long the shop snippet remembers a referral code (default 30).
   * @min 1
   * @max 365
   * @example 30
   */
  attribution_window_days?: number;
  code_format?: {
    /** 'name': from the referrer's first name (JANE-…); 'fixed': fixed_prefix; 'none': suffix only. */
    prefix_source?: "name" | "fixed" | "none";
    /**
     * @pattern ^[A-Za-z0-9]{1,10}$
     * @example "ACME"
     */
    fixed_prefix?: string | null;
    /**
     * @min 4
     * @max 16
     * @example 6
     */
    suffix_length?: number;
  };
  /**
   * The whole ordered rule list; each change makes a new rules_version.
   * @maxItems 50
   */
  rules?: Rule[];
  /** Total cash and credit (in this currency, minor units) the campaign may award. */
  budget?: {
    /** @min 0 */
    amount: number;
    /**
     * @pattern ^[A-Za-z]{3}$
     * @example "USD"
     */
    currency: string;
  };
  /**
   * @format date-time
   * @example "2026-11-23T10:00:00Z"
   */
  starts_at?: string | null;
  /**
   * @format date-time
   * @example "2026-11-23T10:00:00Z"
   */
  ends_at?: string | null;
}

export interface ApiKeyList {
  data: ApiKey[];
}

export interface ApiKey {
  /** @example "key_Pq3Rs8Tu1Vw6Xy0Za2Bc" */
  id: string;
  object: "api_key";
  name: string;
  /** Admin keys can also manage API keys; standard keys cannot. */
  role: "admin" | "standard";
  mode: "live" | "test";
  /** @example "rk_test_Ab3d" */
  prefix: string;
  status: "active" | "expiring" | "expired" | "revoked";
  /** The key (key_…) or admin that created this key. */
  created_by: string;
  rotated_from_id: string | null;
  /** @format date-time */
  created_at: string;
  /**
   * Refreshed at most once a minute.
   * @format date-time
   */
  last_used_at: string | null;
  /**
   * Set when the key was rotated: the end of its grace period.
   * @format date-time
   */
  expires_at: string | null;
  /** @format date-time */
  revoked_at: string | null;
}

export type CreatedApiKey = ApiKey & {
  /**
   * The key itself. Shown only in this response.
   * @example "rk_test_Ab3dEf6gHi9jKl2mNo5pQr8sTu1vWx4yZa7bCd0e"
   */
  key: string;
};

export interface CreateApiKey {
  /**
   * @minLength 1
   * @maxLength 100
   * @example "Checkout backend"
   */
  name: string;
  /** Defaults to 'standard'. */
  role?: "admin" | "standard";
}

export type RotatedApiKey = CreatedApiKey & {
  previous: ApiKey;
};

export interface RotateApiKey {
  /**
   * How long the old key keeps working (default 24 h; 0 stops it at once).
   * @min 0
   * @max 2592000
   * @example 86400
   */
  grace_period_seconds?: number;
}

/** @example {"type":"sale","code":"JANE-7K2M9Q","referee":{"external_id":"cust_456","email":"sam@example.com"},"amount":12000,"currency":"USD","order_id":"1001"} */
export interface CreateReferral {
  /**
   * The referrer's code. Optional for a referee already linked to a referrer, and for refunds.
   * @minLength 1
   * @maxLength 64
   * @example "JANE-A1B2C3"
   */
  code?: string;
  /**
   * @pattern ^[a-z][a-z0-9_.-]{0,63}$
   * @example "sale"
   */
  type: string;
  /** The referred person. A signup creates (or links) them under the referrer. */
  referee?: {
    /**
     * @minLength 1
     * @maxLength 255
     */
    external_id: string;
    /** @maxLength 254 */
    email?: string | null;
    /**
     * @minLength 1
     * @maxLength 255
     */
    name?: string | null;
  };
  /**
   * Sale amount in minor units.
   * @min 0
   * @max 1000000000000
   * @example 4999
   */
  amount?: number;
  /**
   * @pattern ^[A-Za-z]{3}$
   * @example "USD"
   */
  currency?: string;
  /**
   * Required for sales and refunds; the same order never counts twice.
   * @minLength 1
   * @maxLength 255
   * @example "order_1001"
   */
  order_id?: string;
  /**
   * Defaults to now.
   * @format date-time
   * @example "2026-11-23T10:00:00Z"
   */
  occurred_at?: string;
  /**
   * Your own data: an object of up to 100 keys (each up to 255 characters), 10 levels deep, 16 KB as UTF-8 JSON.
   * @example {"plan":"pro"}
   */
  metadata?: Record<string, any>;
}

export type ReferralPage = Page & {
  data: {
    /** @example "ref_7Hk2Lm9Np3Qr5St1Uv0W" */
    id?: string;
    object?: "referral";
    type?: string;
    status?:
      | "qualified"
      | "not_qualified"
      | "rejected"
      | "refunded"
      | "recorded";
    /** Why rules produced no reward, or why the event was rejected (self_referral, already_referred, cap_reached, …). */
    reasons?: {
      rule_id: string | null;
      /** @example "below_min_amount" */
      reason: string;
    }[];
    campaign_id?: string;
    referrer_id?: string;
    referee_id?: string | null;
    amount?: number | null;
    currency?: string | null;
    order_id?: string | null;
    refund_of?: string | null;
    rules_version?: number;
    /** @example {"plan":"pro"} */
    metadata?: Record<string, any>;
    occurred_at?: string;
    created_at?: string;
    rewards?: Reward[];
  }[];
};

export interface Click {
  object: "click";
  code: string;
  user_id: string;
  campaign_id: string;
  counted: boolean;
  /** Whether it counted as a unique visit (the visitor's first within 30 minutes); null when not counted. */
  unique: boolean | null;
  /** Why it was not counted. */
  reason: "bot" | "campaign-not-live";
}

export interface CreateClick {
  /**
   * The `r` parameter your page received, any case.
   * @minLength 1
   * @maxLength 64
   * @example "JANE-7K2M9Q"
   */
  code: string;
  /**
   * The page the shopper landed on; must be inside the campaign's allowed domains.
   * @format uri
   * @maxLength 2048
   * @example "https://yourshop.com/?r=JANE-7K2M9Q"
   */
  landing_url?: string;
  /**
   * The shopper's User-Agent: bots are not counted, and it tells repeat visitors apart.
   * @maxLength 1024
   */
  user_agent?: string;
  /**
   * The shopper's IP, only hashed (with the user agent) to tell repeat visitors apart; never stored.
   * @example "203.0.113.7"
   */
  ip?: string;
}

export interface Stats {
  object: "stats";
  from: string;
  to: string;
  campaign_id: string | null;
  user_id: string | null;
  totals: {
    /** Share-link visits (every counted click). */
    visits: number;
    unique_visits: number;
    /** Referred signups that happened that day (`occurred_at`); rejected ones excluded. */
    signups: number;
    /** Referred sales that happened that day; rejected ones excluded, refunded ones included. */
    sales: number;
    /**
     * That day's sales net of refunds: a refunded sale counts what its refunds left of it (the refund lowers the sale's day). Minor units per ISO 4217 currency; currencies with nothing are left out.
     * @example {"USD":129900,"EUR":4500}
     */
    revenue: Record<string, number>;
    /** Rewards issued (created) that day, cancelled ones excluded. */
    rewards: number;
    /**
     * The cash and credit rewards among them (points and vouchers carry no amount). Minor units per ISO 4217 currency; currencies with nothing are left out.
     * @example {"USD":129900,"EUR":4500}
     */
    reward_value: Record<string, number>;
  };
  data: {
    /** @example "2026-11-23" */
    day: string;
    /** Share-link visits (every counted click). */
    visits: number;
    unique_visits: number;
    /** Referred signups that happened that day (`occurred_at`); rejected ones excluded. */
    signups: number;
    /** Referred sales that happened that day; rejected ones excluded, refunded ones included. */
    sales: number;
    /**
     * That day's sales net of refunds: a refunded sale counts what its refunds left of it (the refund lowers the sale's day). Minor units per ISO 4217 currency; currencies with nothing are left out.
     * @example {"USD":129900,"EUR":4500}
     */
    revenue: Record<string, number>;
    /** Rewards issued (created) that day, cancelled ones excluded. */
    rewards: number;
    /**
     * The cash and credit rewards among them (points and vouchers carry no amount). Minor units per ISO 4217 currency; currencies with nothing are left out.
     * @example {"USD":129900,"EUR":4500}
     */
    reward_value: Record<string, number>;
  }[];
}

export type RewardPage = Page & {
  data: {
    /** @example "rwd_0aB1cD2eF3gH4iJ5kL6m" */
    id?: string;
    object?: "reward";
    campaign_id?: string;
    /** The event that earned it; null for rewards issued by hand. */
    referral_id?: string | null;
    user_id?: string;
    recipient?: "referrer" | "referee";
    type?: "cash" | "credit" | "points" | "voucher";
    amount?: number | null;
    currency?: string | null;
    points?: number | null;
    voucher_pool_id?: string | null;
    voucher_code?: string | null;
    status?: "pending" | "approved" | "paid" | "cancelled";
    /**
     * awaiting_approval, on_hold, awaiting_voucher, pool_empty, refunded, or a cancel reason.
     * @example "awaiting_approval"
     */
    status_reason?: string | null;
    hold_until?: string | null;
    needs_review?: boolean;
    rule_id?: string | null;
    rules_version?: number | null;
    note?: string | null;
    payout_reference?: string | null;
    approved_at?: string | null;
    paid_at?: string | null;
    cancelled_at?: string | null;
    created_at?: string;
    updated_at?: string;
  }[];
};

export interface CreateReward {
  /**
   * The recipient: user id (usr_…) or your external_id.
   * @minLength 1
   * @maxLength 255
   */
  user_id: string;
  /**
   * The role the user is rewarded in.
   * @default "referrer"
   */
  recipient?: "referrer" | "referee";
  /**
   * Defaults to the user's campaign.
   * @minLength 1
   * @maxLength 128
   */
  campaign_id?: string;
  type: "cash" | "credit" | "points" | "voucher";
  /**
   * cash and credit: minor units.
   * @min 1
   * @max 1000000000000
   * @example 500
   */
  amount?: number;
  /**
   * @pattern ^[A-Za-z]{3}$
   * @example "USD"
   */
  currency?: string;
  /**
   * @min 1
   * @max 1000000000
   */
  points?: number;
  /**
   * voucher: the pool to draw a code from.
   * @minLength 1
   * @maxLength 128
   */
  pool_id?: string;
  /**
   * @minLength 1
   * @maxLength 1000
   */
  note?: string;
  /**
   * pending: waits for approval (a voucher gets its code reserved meanwhile). Approved vouchers are approved when they get a code.
   * @default "approved"
   */
  status?: "approved" | "pending";
}

export interface BulkResult {
  object: "bulk_result";
  action: "approve" | "pay" | "cancel";
  summary: {
    requested: number;
    succeeded: number;
    failed: number;
  };
  results: {
    id: string;
    ok: boolean;
    /** The state the reward is in now (null: no such reward). */
    status: "pending" | "approved" | "paid" | "cancelled";
    reward?: Reward;
    error?: {
      type: string;
      detail: string;
    };
  }[];
}

export interface BulkRewards {
  action: "approve" | "pay" | "cancel";
  /**
   * @maxItems 500
   * @minItems 1
   */
  ids: string[];
  /**
   * For pay.
   * @minLength 1
   * @maxLength 255
   */
  payout_reference?: string;
  /**
   * For cancel.
   * @minLength 1
   * @maxLength 255
   */
  reason?: string;
}

export type ApproveReward = object;

export interface PayReward {
  /**
   * Your payout system’s reference.
   * @minLength 1
   * @maxLength 255
   * @example "po_2026_11_0042"
   */
  payout_reference?: string;
}

export interface CancelReward {
  /**
   * Stored as status_reason (default 'cancelled_by_admin').
   * @minLength 1
   * @maxLength 255
   * @example "fraud_suspected"
   */
  reason?: string;
}

export interface Balance {
  object: "balance";
  user_id: string;
  /** Cash and credit per currency; earned = pending + approved + paid. */
  currencies: {
    currency: string;
    earned: number;
    pending: number;
    approved: number;
    paid: number;
    cancelled: number;
  }[];
  /** Credit alone; balance = approved + paid. */
  credit: {
    currency: string;
    earned: number;
    pending: number;
    approved: number;
    paid: number;
    cancelled: number;
    balance: number;
  }[];
  points: {
    earned: number;
    pending: number;
    approved: number;
    paid: number;
    cancelled: number;
    balance: number;
  };
  /** Counts of voucher rewards. */
  vouchers: {
    earned: number;
    pending: number;
    approved: number;
    paid: number;
    cancelled: number;
  };
}

export interface VoucherPool {
  /** @example "vpl_3kT9xQ2mW8pL5nR7vB1c" */
  id: string;
  object: "voucher_pool";
  name: string;
  campaign_id: string | null;
  currency: string | null;
  value: number | null;
  low_stock_threshold: number;
  stock: {
    available: number;
    assigned: number;
    redeemed: number;
    total: number;
    /** Voucher rewards waiting for a code (`pool_empty`). */
    waiting_rewards: number;
  };
  low_stock: boolean;
  created_at: string;
  updated_at: string;
}

export interface CreateVoucherPool {
  /**
   * @minLength 1
   * @maxLength 120
   * @example "10% off, first order"
   */
  name: string;
  /**
   * @minLength 1
   * @maxLength 128
   */
  campaign_id?: string;
  /**
   * @pattern ^[A-Za-z]{3}$
   * @example "USD"
   */
  currency?: string;
  /**
   * Face value of each voucher in minor units (informational).
   * @min 0
   * @max 1000000000000
   */
  value?: number;
  /**
   * Report `low_stock` below this many available codes (default 10).
   * @min 0
   * @max 1000000
   */
  low_stock_threshold?: number;
}

export type VoucherPoolPage = Page & {
  data: {
    /** @example "vpl_3kT9xQ2mW8pL5nR7vB1c" */
    id?: string;
    object?: "voucher_pool";
    name?: string;
    campaign_id?: string | null;
    currency?: string | null;
    value?: number | null;
    low_stock_threshold?: number;
    stock?: {
      available: number;
      assigned: number;
      redeemed: number;
      total: number;
      /** Voucher rewards waiting for a code (`pool_empty`). */
      waiting_rewards: number;
    };
    low_stock?: boolean;
    created_at?: string;
    updated_at?: string;
  }[];
};

export interface VoucherUpload {
  object: "voucher_upload";
  pool_id: string;
  /** Non-blank rows (CSV) or array items (JSON). */
  received: number;
  inserted: number;
  duplicates: number;
  invalid: number;
  /** Lines (CSV, header = line 1) or 1-based positions (JSON); the first 1,000. */
  duplicate_lines: {
    line: number;
    code: string;
    reason: "duplicate_in_upload" | "already_exists";
    first_line?: number;
  }[];
  invalid_lines: {
    line: number;
    reason: string;
  }[];
  truncated: boolean;
  /** Waiting voucher rewards that drew a code from this upload. */
  rewards_filled: number;
  stock: {
    available: number;
    assigned: number;
    redeemed: number;
    total: number;
    /** Voucher rewards waiting for a code (`pool_empty`). */
    waiting_rewards: number;
  };
  low_stock: boolean;
}

export type RedeemVoucher = object;

export interface InboundHook {
  object: "inbound_hook";
  configured: boolean;
  token_prefix: string | null;
  /** POST /hooks/{token}/qualify with code= or coupon=. Shown only when issued. */
  url: string | null;
  /** Shown only when issued; only its hash is stored. */
  token: string | null;
  created_at: string | null;
}

export interface Leaderboard {
  object: "leaderboard";
  campaign_id: string;
  by: "referrals" | "revenue" | "rewards";
  currency: string | null;
  data: {
    rank: number;
    user_id: string;
    external_id: string | null;
    name: string | null;
    referral_code: string;
    /** Referrals, revenue in minor units, or rewards. */
    value: number;
  }[];
}

export type EventPage = Page & {
  data: {
    /**
     * Also the `webhook-id` of every delivery of this event.
     * @example "evt_3f1c9a0b7d2e4c6a8b0d1e2f"
     */
    id?: string;
    object?: "event";
    /** @example "reward.created" */
    type?: string;
    /** @format date-time */
    created_at?: string;
    environment_id?: string;
    /** The object after the change, as the API returns it. */
    data?: Record<string, any>;
  }[];
};

export interface Event {
  /**
   * Also the `webhook-id` of every delivery of this event.
   * @example "evt_3f1c9a0b7d2e4c6a8b0d1e2f"
   */
  id: string;
  object: "event";
  /** @example "reward.created" */
  type: string;
  /** @format date-time */
  created_at: string;
  environment_id: string;
  /** The object after the change, as the API returns it. */
  data: Record<string, any>;
}

export interface WebhookEndpointList {
  data: WebhookEndpoint[];
}

export interface WebhookEndpoint {
  /** @example "whe_Pq3Rs8Tu1Vw6Xy0Za2Bc" */
  id: string;
  object: "webhook_endpoint";
  /** @example "https://example.com/hooks/referrio" */
  url: string;
  description: string | null;
  /**
   * Event types sent to this endpoint; `['*']` = all.
   * @example ["reward.created","reward.paid"]
   */
  events: string[];
  enabled: boolean;
  /** Why the endpoint is disabled: by an admin, a 410 answer, or failing every attempt for 5 days. */
  disabled_reason: string | null;
  /**
   * First failed attempt since the last success.
   * @format date-time
   */
  failing_since: string | null;
  /**
   * Until then the secret before the last rotation signs too.
   * @format date-time
   */
  previous_secret_expires_at: string | null;
  /** @format date-time */
  created_at: string;
  /** @format date-time */
  updated_at: string;
}

export type WebhookEndpointWithSecret = WebhookEndpoint & {
  /**
   * The signing secret. Shown only in this response.
   * @example "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
   */
  secret: string;
};

export interface CreateWebhookEndpoint {
  /**
   * @minLength 1
   * @maxLength 2048
   * @example "https://example.com/hooks/referrio"
   */
  url: string;
  /**
   * @maxItems 15
   * @minItems 1
   * @example ["*"]
   */
  events: (
    | "*"
    | "user.created"
    | "user.updated"
    | "user.deleted"
    | "referral.created"
    | "referral.qualified"
    | "referral.refunded"
    | "reward.created"
    | "reward.approved"
    | "reward.paid"
    | "reward.cancelled"
    | "voucher.assigned"
    | "voucher.redeemed"
    | "voucher_pool.low_stock"
    | "campaign.updated"
  )[];
  /** @maxLength 500 */
  description?: string | null;
  /** Defaults to true. */
  enabled?: boolean;
}

export interface UpdateWebhookEndpoint {
  /**
   * @minLength 1
   * @maxLength 2048
   * @example "https://example.com/hooks/referrio"
   */
  url?: string;
  /**
   * @maxItems 15
   * @minItems 1
   */
  events?: (
    | "*"
    | "user.created"
    | "user.updated"
    | "user.deleted"
    | "referral.created"
    | "referral.qualified"
    | "referral.refunded"
    | "reward.created"
    | "reward.approved"
    | "reward.paid"
    | "reward.cancelled"
    | "voucher.assigned"
    | "voucher.redeemed"
    | "voucher_pool.low_stock"
    | "campaign.updated"
  )[];
  /** @maxLength 500 */
  description?: string | null;
  enabled?: boolean;
}

export interface RotateWebhookSecret {
  /**
   * How long the old secret keeps signing alongside the new one (default 24 h; 0 = stop at once).
   * @min 0
   * @max 604800
   * @example 86400
   */
  grace_period_seconds?: number;
}

export interface WebhookDelivery {
  /** @example "whd_Pq3Rs8Tu1Vw6Xy0Za2Bc" */
  id: string;
  object: "webhook_delivery";
  endpoint_id: string;
  /** Also the `webhook-id` header: the same on every attempt. */
  event_id: string;
  event_type: string;
  status: "pending" | "succeeded" | "failed";
  /** Attempts made (at most 10 on the schedule, plus manual retries). */
  attempts: number;
  /** @format date-time */
  next_attempt_at: string | null;
  /** @format date-time */
  last_attempt_at: string | null;
  last_status_code: number | null;
  /** The first 1 KB of the last answer. */
  last_response_body: string | null;
  /** @example "timeout after 15000 ms" */
  last_error: string | null;
  /** @format date-time */
  created_at: string;
  /** @format date-time */
  updated_at: string;
}

export type WebhookDeliveryPage = Page & {
  data: {
    /** @example "whd_Pq3Rs8Tu1Vw6Xy0Za2Bc" */
    id?: string;
    object?: "webhook_delivery";
    endpoint_id?: string;
    /** Also the `webhook-id` header: the same on every attempt. */
    event_id?: string;
    event_type?: string;
    status?: "pending" | "succeeded" | "failed";
    /** Attempts made (at most 10 on the schedule, plus manual retries). */
    attempts?: number;
    /** @format date-time */
    next_attempt_at?: string | null;
    /** @format date-time */
    last_attempt_at?: string | null;
    last_status_code?: number | null;
    /** The first 1 KB of the last answer. */
    last_response_body?: string | null;
    /** @example "timeout after 15000 ms" */
    last_error?: string | null;
    /** @format date-time */
    created_at?: string;
    /** @format date-time */
    updated_at?: string;
  }[];
};

export interface Environment {
  /** @example "env_4Qm8vT2kLx9pZr0aB1cD" */
  id: string;
  object: "environment";
  mode: "live" | "test";
  /**
   * Where share links go when their referrer was deleted or their campaign has no usable landing or fallback URL; null: a 404 page.
   * @example "https://yourshop.com/"
   */
  fallback_url: string | null;
  /**
   * @format date-time
   * @example "2026-11-23T10:00:00Z"
   */
  created_at: string;
}

export interface UpdateEnvironment {
  /**
   * https (http only on localhost in development), no credentials; null removes it.
   * @maxLength 2048
   * @example "https://yourshop.com/"
   */
  fallback_url?: string | null;
}

export type QueryParamsType = Record<string | number, any>;
export type ResponseFormat = keyof Omit<Body, "body" | "bodyUsed">;

export interface FullRequestParams extends Omit<RequestInit, "body"> {
  /** set parameter to `true` for call `securityWorker` for this request */
  secure?: boolean;
  /** request path */
  path: string;
  /** content type of request body */
  type?: ContentType;
  /** query params */
  query?: QueryParamsType;
  /** format of response (i.e. response.json() -> format: "json") */
  format?: ResponseFormat;
  /** request body */
  body?: unknown;
  /** base url */
  baseUrl?: string;
  /** request cancellation token */
  cancelToken?: CancelToken;
}

export type RequestParams = Omit<
  FullRequestParams,
  "body" | "method" | "query" | "path"
>;

export interface ApiConfig<SecurityDataType = unknown> {
  baseUrl?: string;
  baseApiParams?: Omit<RequestParams, "baseUrl" | "cancelToken" | "signal">;
  securityWorker?: (
    securityData: SecurityDataType | null,
  ) => Promise<RequestParams | void> | RequestParams | void;
  customFetch?: typeof fetch;
}

export interface HttpResponse<D extends unknown, E extends unknown = unknown>
  extends Response {
  data: D;
  error: E;
}

type CancelToken = Symbol | string | number;

export enum ContentType {
  Json = "application/json",
  JsonApi = "application/vnd.api+json",
  FormData = "multipart/form-data",
  UrlEncoded = "application/x-www-form-urlencoded",
  Text = "text/plain",
}

export class HttpClient<SecurityDataType = unknown> {
  public baseUrl: string = "http://localhost:8787";
  private securityData: SecurityDataType | null = null;
  private securityWorker?: ApiConfig<SecurityDataType>["securityWorker"];
  private abortControllers = new Map<CancelToken, AbortController>();
  private customFetch = (...fetchParams: Parameters<typeof fetch>) =>
    fetch(...fetchParams);

  private baseApiParams: RequestParams = {
    credentials: "same-origin",
    headers: {},
    redirect: "follow",
    referrerPolicy: "no-referrer",
  };

  constructor(apiConfig: ApiConfig<SecurityDataType> = {}) {
    Object.assign(this, apiConfig);
  }

  public setSecurityData = (data: SecurityDataType | null) => {
    this.securityData = data;
  };

  protected encodeQueryParam(key: string, value: any) {
    const encodedKey = encodeURIComponent(key);
    return `${encodedKey}=${encodeURIComponent(typeof value === "number" ? value : `${value}`)}`;
  }

  protected addQueryParam(query: QueryParamsType, key: string) {
    return this.encodeQueryParam(key, query[key]);
  }

  protected addArrayQueryParam(query: QueryParamsType, key: string) {
    const value = query[key];
    return value.map((v: any) => this.encodeQueryParam(key, v)).join("&");
  }

  protected toQueryString(rawQuery?: QueryParamsType): string {
    const query = rawQuery || {};
    const keys = Object.keys(query).filter(
      (key) => "undefined" !== typeof query[key],
    );
    return keys
      .map((key) =>
        Array.isArray(query[key])
          ? this.addArrayQueryParam(query, key)
          : this.addQueryParam(query, key),
      )
      .join("&");
  }

  protected addQueryParams(rawQuery?: QueryParamsType): string {
    const queryString = this.toQueryString(rawQuery);
    return queryString ? `?${queryString}` : "";
  }

  private contentFormatters: Record<ContentType, (input: any) => any> = {
    [ContentType.Json]: (input: any) =>
      input !== null && (typeof input === "object" || typeof input === "string")
        ? JSON.stringify(input)
        : input,
    [ContentType.JsonApi]: (input: any) =>
      input !== null && (typeof input === "object" || typeof input === "string")
        ? JSON.stringify(input)
        : input,
    [ContentType.Text]: (input: any) =>
      input !== null && typeof input !== "string"
        ? JSON.stringify(input)
        : input,
    [ContentType.FormData]: (input: any) => {
      if (input instanceof FormData) {
        return input;
      }

      return Object.keys(input || {}).reduce((formData, key) => {
        const property = input[key];
        formData.append(
          key,
          property instanceof Blob
            ? property
            : typeof property === "object" && property !== null
              ? JSON.stringify(property)
              : `${property}`,
        );
        return formData;
      }, new FormData());
    },
    [ContentType.UrlEncoded]: (input: any) => this.toQueryString(input),
  };

  protected mergeRequestParams(
    params1: RequestParams,
    params2?: RequestParams,
  ): RequestParams {
    return {
      ...this.baseApiParams,
      ...params1,
      ...(params2 || {}),
      headers: {
        ...(this.baseApiParams.headers || {}),
        ...(params1.headers || {}),
        ...((params2 && params2.headers) || {}),
      },
    };
  }

  protected createAbortSignal = (
    cancelToken: CancelToken,
  ): AbortSignal | undefined => {
    if (this.abortControllers.has(cancelToken)) {
      const abortController = this.abortControllers.get(cancelToken);
      if (abortController) {
        return abortController.signal;
      }
      return void 0;
    }

    const abortController = new AbortController();
    this.abortControllers.set(cancelToken, abortController);
    return abortController.signal;
  };

  public abortRequest = (cancelToken: CancelToken) => {
    const abortController = this.abortControllers.get(cancelToken);

    if (abortController) {
      abortController.abort();
      this.abortControllers.delete(cancelToken);
    }
  };

  public request = async <T = any, E = any>({
    body,
    secure,
    path,
    type,
    query,
    format,
    baseUrl,
    cancelToken,
    ...params
  }: FullRequestParams): Promise<HttpResponse<T, E>> => {
    const secureParams =
      ((typeof secure === "boolean" ? secure : this.baseApiParams.secure) &&
        this.securityWorker &&
        (await this.securityWorker(this.securityData))) ||
      {};
    const requestParams = this.mergeRequestParams(params, secureParams);
    const queryString = query && this.toQueryString(query);
    const payloadFormatter = this.contentFormatters[type || ContentType.Json];
    const responseFormat = format || requestParams.format;

    return this.customFetch(
      `${baseUrl || this.baseUrl || ""}${path}${queryString ? `?${queryString}` : ""}`,
      {
        ...requestParams,
        headers: {
          ...(requestParams.headers || {}),
          ...(type && type !== ContentType.FormData
            ? { "Content-Type": type }
            : {}),
        },
        signal:
          (cancelToken
            ? this.createAbortSignal(cancelToken)
            : requestParams.signal) || null,
        body:
          typeof body === "undefined" || body === null
            ? null
            : payloadFormatter(body),
      },
    ).then(async (response) => {
      const r = response as HttpResponse<T, E>;
      r.data = null as unknown as T;
      r.error = null as unknown as E;

      const responseToParse = responseFormat ? response.clone() : response;
      const data = !responseFormat
        ? r
        : await responseToParse[responseFormat]()
            .then((data) => {
              if (r.ok) {
                r.data = data;
              } else {
                r.error = data;
              }
              return r;
            })
            .catch((e) => {
              r.error = e;
              return r;
            });

      if (cancelToken) {
        this.abortControllers.delete(cancelToken);
      }

      if (!response.ok) throw data;
      return data;
    });
  };
}

/**
 * @title Referrio API
 * @version 1.0.0
 * @license MIT
 * @baseUrl http://localhost:8787
 *
 * Referral codes, events, rewards and webhooks. Errors are RFC 9457 problem details (application/problem+json).
 */
export class Api<
  SecurityDataType extends unknown,
> extends HttpClient<SecurityDataType> {
  r = {
    /**
     * @description Redirects (302) to the campaign's landing URL with `r=CODE` and the campaign's UTM parameters added; counts a visit after the response unless the user agent is a link-preview bot or crawler, or the campaign is not live. An unknown or deleted code redirects to the campaign's or environment's fallback URL when one is set; otherwise 404 (an HTML page for browsers).
     *
     * @tags Share links
     * @name FollowShareLink
     * @summary Follow a share link
     * @request GET:/r/{code}
     */
    followShareLink: (code: string, params: RequestParams = {}) =>
      this.request<any, void | Problem>({
        path: `/r/${code}`,
        method: "GET",
        ...params,
      }),

    /**
     * @description Public, no API key: the browser beacon of `/v1/snippet.js`. Counted exactly like a followed share link (bots and repeat visitors handled the same way), and only when the request's `Origin` is inside the campaign's allowed domains. No body.
     *
     * @tags Share links
     * @name ReportVisit
     * @summary Report a visit from the shop page (used by snippet.js)
     * @request POST:/r/{code}/visit
     */
    reportVisit: (code: string, params: RequestParams = {}) =>
      this.request<Visit, Problem>({
        path: `/r/${code}/visit`,
        method: "POST",
        format: "json",
        ...params,
      }),
  };
  v1 = {
    /**
     * @description Public. Load it on the shop's pages with a deferred script tag whose `src` is `…/v1/snippet.js`: it keeps `?r=CODE` in a first-party cookie for the campaign's attribution window, reports the visit (`POST /r/{code}/visit`), and exposes `window.referrio.code()` for signup forms.
     *
     * @tags Share links
     * @name GetSnippet
     * @summary The shop-side script
     * @request GET:/v1/snippet.js
     */
    getSnippet: (params: RequestParams = {}) =>
      this.request<string, any>({
        path: `/v1/snippet.js`,
        method: "GET",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Dashboard sessions
     * @name ListAuthSetup
     * @summary Whether first-run setup is still open
     * @request GET:/v1/auth/setup
     */
    listAuthSetup: (params: RequestParams = {}) =>
      this.request<SetupStatus, any>({
        path: `/v1/auth/setup`,
        method: "GET",
        format: "json",
        ...params,
      }),

    /**
     * @description Only while the instance has no admin; afterwards 409. Sets the HttpOnly `referrio_session` cookie. The dashboard then calls the same /v1 API with it (writes echo `csrf_token` in `X-CSRF-Token`; `X-Referrio-Environment: live|test` picks the environment, default test).
     *
     * @tags Dashboard sessions
     * @name CreateAuthSetup
     * @summary First-run setup: create the workspace and its first admin
     * @request POST:/v1/auth/setup
     */
    createAuthSetup: (data: Setup, params: RequestParams = {}) =>
      this.request<Session, Problem>({
        path: `/v1/auth/setup`,
        method: "POST",
        body: data,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Email and password. Five attempts per email and IP address per 15 minutes. Sets the HttpOnly `referrio_session` cookie. The dashboard then calls the same /v1 API with it (writes echo `csrf_token` in `X-CSRF-Token`; `X-Referrio-Environment: live|test` picks the environment, default test).
     *
     * @tags Dashboard sessions
     * @name CreateAuthLogin
     * @summary Sign in to the dashboard
     * @request POST:/v1/auth/login
     */
    createAuthLogin: (data: Login, params: RequestParams = {}) =>
      this.request<Session, Problem>({
        path: `/v1/auth/login`,
        method: "POST",
        body: data,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Dashboard sessions
     * @name ListAuthSession
     * @summary The current dashboard session
     * @request GET:/v1/auth/session
     * @secure
     */
    listAuthSession: (params: RequestParams = {}) =>
      this.request<Session, Problem>({
        path: `/v1/auth/session`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Ends the session and clears the cookie; answers 204 even when no session was open.
     *
     * @tags Dashboard sessions
     * @name CreateAuthLogout
     * @summary Sign out
     * @request POST:/v1/auth/logout
     * @secure
     */
    createAuthLogout: (params: RequestParams = {}) =>
      this.request<void, Problem>({
        path: `/v1/auth/logout`,
        method: "POST",
        secure: true,
        ...params,
      }),

    /**
     * @description Idempotent by `external_id`: repeating the call returns the existing user with 200 and never mints a second code.
     *
     * @tags Users
     * @name CreateUser
     * @summary Enrol a referrer and mint their code
     * @request POST:/v1/users
     * @secure
     */
    createUser: (data: CreateUser, params: RequestParams = {}) =>
      this.request<User, Problem>({
        path: `/v1/users`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Filters: `filters[i][field]`, `filters[i][operator]` (equal, gt, lt, gte, lte, like), `filters[i][value]`.
     *
     * @tags Users
     * @name ListUsers
     * @summary List users
     * @request GET:/v1/users
     * @secure
     */
    listUsers: (
      query?: {
        /**
         * Page number, from 1.
         * @example "1"
         */
        page?: string;
        /**
         * Items per page, 1–250 (default 25).
         * @example "25"
         */
        per_page?: string;
        /**
         * Field to order by.
         * @example "created_at"
         */
        "order[field]"?: string;
        /**
         * `asc` or `desc` (default `desc`).
         * @example "desc"
         */
        "order[direction]"?: string;
        /**
         * Comma-separated fields to return.
         * @example "id,email,referral_code"
         */
        fields?: string;
        /**
         * Comma-separated relations to embed, or `all`.
         * @example "campaign"
         */
        with?: string;
        /**
         * Filter field; use indexes 0, 1, 2… for several filters.
         * @example "email"
         */
        "filters[0][field]"?: string;
        /**
         * `equal` (default), `gt`, `lt`, `gte`, `lte` or `like` (contains).
         * @example "like"
         */
        "filters[0][operator]"?: string;
        /**
         * The value to compare with.
         * @example "example.com"
         */
        "filters[0][value]"?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<UserPage, Problem>({
        path: `/v1/users`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Each row is validated and created like POST /v1/users, in order: a row whose external_id already exists (earlier in the batch or before) is `existing`, never created twice; an invalid row is `rejected` with its field errors and does not stop the others. Send a large file as several calls.
     *
     * @tags Users
     * @name CreateUserImport
     * @summary Enrol up to 100 users in one call
     * @request POST:/v1/users/import
     * @secure
     */
    createUserImport: (data: ImportUsers, params: RequestParams = {}) =>
      this.request<UserImport, Problem>({
        path: `/v1/users/import`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Users
     * @name GetUser
     * @summary Get a user by id or external id
     * @request GET:/v1/users/{id}
     * @secure
     */
    getUser: (
      id: string,
      query?: {
        /**
         * Relations to embed: `campaign`, `referrer`, `rewards_due`, `rewards_issued`, or `all`.
         * @maxLength 200
         */
        with?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<User, Problem>({
        path: `/v1/users/${id}`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Users
     * @name UpdateUser
     * @summary Update a user
     * @request PATCH:/v1/users/{id}
     * @secure
     */
    updateUser: (id: string, data: UpdateUser, params: RequestParams = {}) =>
      this.request<User, Problem>({
        path: `/v1/users/${id}`,
        method: "PATCH",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Erases personal data (external id, email, name, metadata); the code stays reserved and counts are kept.
     *
     * @tags Users
     * @name DeleteUser
     * @summary Delete a user
     * @request DELETE:/v1/users/{id}
     * @secure
     */
    deleteUser: (id: string, params: RequestParams = {}) =>
      this.request<void, Problem>({
        path: `/v1/users/${id}`,
        method: "DELETE",
        secure: true,
        ...params,
      }),

    /**
     * No description
     *
     * @tags Campaigns
     * @name ListCampaigns
     * @summary List campaigns
     * @request GET:/v1/campaigns
     * @secure
     */
    listCampaigns: (
      query?: {
        /**
         * Page number, from 1.
         * @example "1"
         */
        page?: string;
        /**
         * Items per page, 1–250 (default 25).
         * @example "25"
         */
        per_page?: string;
        /**
         * Field to order by.
         * @example "created_at"
         */
        "order[field]"?: string;
        /**
         * `asc` or `desc` (default `desc`).
         * @example "desc"
         */
        "order[direction]"?: string;
        /**
         * Comma-separated fields to return.
         * @example "id,email,referral_code"
         */
        fields?: string;
        /**
         * Comma-separated relations to embed, or `all`.
         * @example "campaign"
         */
        with?: string;
        /**
         * Filter field; use indexes 0, 1, 2… for several filters.
         * @example "email"
         */
        "filters[0][field]"?: string;
        /**
         * `equal` (default), `gt`, `lt`, `gte`, `lte` or `like` (contains).
         * @example "like"
         */
        "filters[0][operator]"?: string;
        /**
         * The value to compare with.
         * @example "example.com"
         */
        "filters[0][value]"?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<CampaignPage, Problem>({
        path: `/v1/campaigns`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Campaigns
     * @name CreateCampaign
     * @summary Create a campaign
     * @request POST:/v1/campaigns
     * @secure
     */
    createCampaign: (data: CreateCampaign, params: RequestParams = {}) =>
      this.request<Campaign, Problem>({
        path: `/v1/campaigns`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Campaigns
     * @name GetCampaign
     * @summary Get a campaign
     * @request GET:/v1/campaigns/{id}
     * @secure
     */
    getCampaign: (id: string, params: RequestParams = {}) =>
      this.request<Campaign, Problem>({
        path: `/v1/campaigns/${id}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Pause, resume or end it, change its landing URL, allowed domains or code format. An ended campaign cannot be reopened.
     *
     * @tags Campaigns
     * @name UpdateCampaign
     * @summary Update a campaign
     * @request PATCH:/v1/campaigns/{id}
     * @secure
     */
    updateCampaign: (
      id: string,
      data: UpdateCampaign,
      params: RequestParams = {},
    ) =>
      this.request<Campaign, Problem>({
        path: `/v1/campaigns/${id}`,
        method: "PATCH",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard). Keys see and manage only their own environment.
     *
     * @tags API keys
     * @name ListApiKeys
     * @summary List API keys
     * @request GET:/v1/api-keys
     * @secure
     */
    listApiKeys: (params: RequestParams = {}) =>
      this.request<ApiKeyList, Problem>({
        path: `/v1/api-keys`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard). Keys see and manage only their own environment. The key is returned once and stored only as a SHA-256 hash.
     *
     * @tags API keys
     * @name CreateApiKey
     * @summary Create an API key
     * @request POST:/v1/api-keys
     * @secure
     */
    createApiKey: (data: CreateApiKey, params: RequestParams = {}) =>
      this.request<CreatedApiKey, Problem>({
        path: `/v1/api-keys`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard). Keys see and manage only their own environment. Creates a successor; the old key keeps working for the grace period, then stops.
     *
     * @tags API keys
     * @name RotateApiKey
     * @summary Rotate an API key
     * @request POST:/v1/api-keys/{id}/rotate
     * @secure
     */
    rotateApiKey: (
      id: string,
      data?: RotateApiKey,
      params: RequestParams = {},
    ) =>
      this.request<RotatedApiKey, Problem>({
        path: `/v1/api-keys/${id}/rotate`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard). Keys see and manage only their own environment. The key stops working at once.
     *
     * @tags API keys
     * @name DeleteApiKey
     * @summary Revoke an API key
     * @request DELETE:/v1/api-keys/{id}
     * @secure
     */
    deleteApiKey: (id: string, params: RequestParams = {}) =>
      this.request<ApiKey, Problem>({
        path: `/v1/api-keys/${id}`,
        method: "DELETE",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description The referrer's campaign evaluates the event against its rules and returns the rewards it made, or in `reasons` why none. The same order (or the same referee's signup) is evaluated once: a repeat answers 200 with the first result.
     *
     * @tags Referrals
     * @name CreateReferral
     * @summary Log a signup, sale, refund or custom event
     * @request POST:/v1/referrals
     * @secure
     */
    createReferral: (data: CreateReferral, params: RequestParams = {}) =>
      this.request<Referral, Problem>({
        path: `/v1/referrals`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Referrals
     * @name ListReferrals
     * @summary List referral events
     * @request GET:/v1/referrals
     * @secure
     */
    listReferrals: (
      query?: {
        /**
         * Page number, from 1.
         * @example "1"
         */
        page?: string;
        /**
         * Items per page, 1–250 (default 25).
         * @example "25"
         */
        per_page?: string;
        /**
         * Field to order by.
         * @example "created_at"
         */
        "order[field]"?: string;
        /**
         * `asc` or `desc` (default `desc`).
         * @example "desc"
         */
        "order[direction]"?: string;
        /**
         * Comma-separated fields to return.
         * @example "id,email,referral_code"
         */
        fields?: string;
        /**
         * Comma-separated relations to embed, or `all`.
         * @example "campaign"
         */
        with?: string;
        /**
         * Filter field; use indexes 0, 1, 2… for several filters.
         * @example "email"
         */
        "filters[0][field]"?: string;
        /**
         * `equal` (default), `gt`, `lt`, `gte`, `lte` or `like` (contains).
         * @example "like"
         */
        "filters[0][operator]"?: string;
        /**
         * The value to compare with.
         * @example "example.com"
         */
        "filters[0][value]"?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<ReferralPage, Problem>({
        path: `/v1/referrals`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Referrals
     * @name GetReferral
     * @summary Get a referral event with its rewards
     * @request GET:/v1/referrals/{id}
     * @secure
     */
    getReferral: (id: string, params: RequestParams = {}) =>
      this.request<Referral, Problem>({
        path: `/v1/referrals/${id}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description For share links that point straight at your site (`?r=CODE` handled by your page): counts a visit for the referrer exactly as a followed `/r/{code}` link would. Visits reach users and stats within seconds.
     *
     * @tags Share links
     * @name CreateClick
     * @summary Count a visit your own site received
     * @request POST:/v1/clicks
     * @secure
     */
    createClick: (data: CreateClick, params: RequestParams = {}) =>
      this.request<Click, Problem>({
        path: `/v1/clicks`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description The Overview's summary per UTC day over a date range, for the environment, one campaign or one referrer: visits, unique visits, referred signups and sales, revenue net of refunds and rewards issued (count and cash/credit value) per currency. Every day in the range is listed; `totals` adds them up.
     *
     * @tags Share links
     * @name GetStats
     * @summary Visits, signups, sales, revenue and rewards per day
     * @request GET:/v1/stats
     * @secure
     */
    getStats: (
      query?: {
        /**
         * First UTC day (default: 29 days before `to`).
         * @pattern ^\d{4}-\d{2}-\d{2}$
         * @example "2026-11-01"
         */
        from?: string;
        /**
         * Last UTC day (default: today); at most 366 days in all.
         * @pattern ^\d{4}-\d{2}-\d{2}$
         * @example "2026-11-30"
         */
        to?: string;
        /**
         * @minLength 1
         * @maxLength 128
         */
        campaign_id?: string;
        /**
         * A referrer: user id or external id.
         * @minLength 1
         * @maxLength 255
         */
        user_id?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<Stats, Problem>({
        path: `/v1/stats`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Filter by `status`, `type`, `recipient`, `user_id`, `campaign_id`, `created_at` (gte/lte), … with the usual list manners.
     *
     * @tags Rewards
     * @name ListRewards
     * @summary List rewards with their payout status
     * @request GET:/v1/rewards
     * @secure
     */
    listRewards: (
      query?: {
        /**
         * Page number, from 1.
         * @example "1"
         */
        page?: string;
        /**
         * Items per page, 1–250 (default 25).
         * @example "25"
         */
        per_page?: string;
        /**
         * Field to order by.
         * @example "created_at"
         */
        "order[field]"?: string;
        /**
         * `asc` or `desc` (default `desc`).
         * @example "desc"
         */
        "order[direction]"?: string;
        /**
         * Comma-separated fields to return.
         * @example "id,email,referral_code"
         */
        fields?: string;
        /**
         * Comma-separated relations to embed, or `all`.
         * @example "campaign"
         */
        with?: string;
        /**
         * Filter field; use indexes 0, 1, 2… for several filters.
         * @example "email"
         */
        "filters[0][field]"?: string;
        /**
         * `equal` (default), `gt`, `lt`, `gte`, `lte` or `like` (contains).
         * @example "like"
         */
        "filters[0][operator]"?: string;
        /**
         * The value to compare with.
         * @example "example.com"
         */
        "filters[0][value]"?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<RewardPage, Problem>({
        path: `/v1/rewards`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Cash, credit, points, or a voucher drawn from a pool, to a referrer or a referee, with a note. Same ledger as automatic rewards; outside the campaign budget.
     *
     * @tags Rewards
     * @name CreateReward
     * @summary Issue a reward by hand
     * @request POST:/v1/rewards
     * @secure
     */
    createReward: (data: CreateReward, params: RequestParams = {}) =>
      this.request<Reward, Problem>({
        path: `/v1/rewards`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Each id is reported with what happened to it; ids that cannot make the transition are left as they are.
     *
     * @tags Rewards
     * @name CreateRewardBulk
     * @summary Approve, pay or cancel up to 500 rewards
     * @request POST:/v1/rewards/bulk
     * @secure
     */
    createRewardBulk: (data: BulkRewards, params: RequestParams = {}) =>
      this.request<BulkResult, Problem>({
        path: `/v1/rewards/bulk`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Rewards
     * @name GetReward
     * @summary Get a reward
     * @request GET:/v1/rewards/{id}
     * @secure
     */
    getReward: (id: string, params: RequestParams = {}) =>
      this.request<Reward, Problem>({
        path: `/v1/rewards/${id}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Rewards
     * @name ApproveReward
     * @summary Approve a pending reward
     * @request POST:/v1/rewards/{id}/approve
     * @secure
     */
    approveReward: (
      id: string,
      data?: ApproveReward,
      params: RequestParams = {},
    ) =>
      this.request<Reward, Problem>({
        path: `/v1/rewards/${id}/approve`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Rewards
     * @name PayReward
     * @summary Mark an approved reward paid
     * @request POST:/v1/rewards/{id}/pay
     * @secure
     */
    payReward: (id: string, data?: PayReward, params: RequestParams = {}) =>
      this.request<Reward, Problem>({
        path: `/v1/rewards/${id}/pay`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description A cancelled cash or credit reward gives what it took from the campaign's budget back.
     *
     * @tags Rewards
     * @name CancelReward
     * @summary Cancel an unpaid reward
     * @request POST:/v1/rewards/{id}/cancel
     * @secure
     */
    cancelReward: (
      id: string,
      data?: CancelReward,
      params: RequestParams = {},
    ) =>
      this.request<Reward, Problem>({
        path: `/v1/rewards/${id}/cancel`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Per currency: earned, pending, approved, paid (and cancelled); credit and points balances.
     *
     * @tags Rewards
     * @name ListUserBalance
     * @summary A user's reward balance
     * @request GET:/v1/users/{id}/balance
     * @secure
     */
    listUserBalance: (id: string, params: RequestParams = {}) =>
      this.request<Balance, Problem>({
        path: `/v1/users/${id}/balance`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Voucher pools
     * @name CreateVoucherPool
     * @summary Create a voucher pool
     * @request POST:/v1/voucher-pools
     * @secure
     */
    createVoucherPool: (data: CreateVoucherPool, params: RequestParams = {}) =>
      this.request<VoucherPool, Problem>({
        path: `/v1/voucher-pools`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Voucher pools
     * @name ListVoucherPools
     * @summary List voucher pools with their stock
     * @request GET:/v1/voucher-pools
     * @secure
     */
    listVoucherPools: (
      query?: {
        /**
         * Page number, from 1.
         * @example "1"
         */
        page?: string;
        /**
         * Items per page, 1–250 (default 25).
         * @example "25"
         */
        per_page?: string;
        /**
         * Field to order by.
         * @example "created_at"
         */
        "order[field]"?: string;
        /**
         * `asc` or `desc` (default `desc`).
         * @example "desc"
         */
        "order[direction]"?: string;
        /**
         * Comma-separated fields to return.
         * @example "id,email,referral_code"
         */
        fields?: string;
        /**
         * Comma-separated relations to embed, or `all`.
         * @example "campaign"
         */
        with?: string;
        /**
         * Filter field; use indexes 0, 1, 2… for several filters.
         * @example "email"
         */
        "filters[0][field]"?: string;
        /**
         * `equal` (default), `gt`, `lt`, `gte`, `lte` or `like` (contains).
         * @example "like"
         */
        "filters[0][operator]"?: string;
        /**
         * The value to compare with.
         * @example "example.com"
         */
        "filters[0][value]"?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<VoucherPoolPage, Problem>({
        path: `/v1/voucher-pools`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Voucher pools
     * @name GetVoucherPool
     * @summary Get a voucher pool with its stock
     * @request GET:/v1/voucher-pools/{id}
     * @secure
     */
    getVoucherPool: (id: string, params: RequestParams = {}) =>
      this.request<VoucherPool, Problem>({
        path: `/v1/voucher-pools/${id}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Duplicates inside the upload and codes already in this environment are reported with their lines, never inserted twice; invalid rows are reported too. The valid codes go in as one transaction, then waiting rewards draw from them.
     *
     * @tags Voucher pools
     * @name VouchersVoucherPool
     * @summary Upload voucher codes (JSON or CSV)
     * @request POST:/v1/voucher-pools/{id}/vouchers
     * @secure
     */
    vouchersVoucherPool: (
      id: string,
      data: {
        /** @maxItems 100000 */
        codes: string[];
      },
      params: RequestParams = {},
    ) =>
      this.request<VoucherUpload, Problem>({
        path: `/v1/voucher-pools/${id}/vouchers`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Marks an assigned voucher used, once (a second redemption is a 409 naming its state). If it was a referee's reward and the campaign has a rule with trigger `voucher_redeemed`, that event is logged for the referee and the rules decide what it earns.
     *
     * @tags Voucher pools
     * @name RedeemVoucher
     * @summary Redeem a voucher (qualify by coupon)
     * @request POST:/v1/vouchers/{code}/redeem
     * @secure
     */
    redeemVoucher: (
      code: string,
      data?: RedeemVoucher,
      params: RequestParams = {},
    ) =>
      this.request<VoucherRedemption, Problem>({
        path: `/v1/vouchers/${code}/redeem`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Voucher pools
     * @name ListInboundHook
     * @summary The environment's inbound qualify URL (admin keys)
     * @request GET:/v1/inbound-hook
     * @secure
     */
    listInboundHook: (params: RequestParams = {}) =>
      this.request<InboundHook, Problem>({
        path: `/v1/inbound-hook`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description The previous token stops working at once. The new URL is shown this once.
     *
     * @tags Voucher pools
     * @name CreateInboundHookRotate
     * @summary Issue (or replace) the inbound qualify URL (admin keys)
     * @request POST:/v1/inbound-hook/rotate
     * @secure
     */
    createInboundHookRotate: (params: RequestParams = {}) =>
      this.request<InboundHook, Problem>({
        path: `/v1/inbound-hook/rotate`,
        method: "POST",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description `referrals`: distinct referees in qualified events; `revenue`: sales not refunded, in one currency; `rewards`: rewards earned as referrer, not cancelled.
     *
     * @tags Campaigns
     * @name ListCampaignLeaderboard
     * @summary A campaign's top referrers
     * @request GET:/v1/campaigns/{id}/leaderboard
     * @secure
     */
    listCampaignLeaderboard: (
      id: string,
      query?: {
        /** @default "referrals" */
        by?: "referrals" | "revenue" | "rewards";
        /**
         * 10 to 100 (default 10).
         * @min 10
         * @max 100
         * @default 10
         */
        limit?: number;
        /**
         * For by=revenue: defaults to the campaign's budget currency, else USD.
         * @pattern ^[A-Za-z]{3}$
         * @example "USD"
         */
        currency?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<Leaderboard, Problem>({
        path: `/v1/campaigns/${id}/leaderboard`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Every state change, newest first (the webhook outbox is the source). Filter by `type`, `created_at`.
     *
     * @tags Events
     * @name ListEvents
     * @summary List events
     * @request GET:/v1/events
     * @secure
     */
    listEvents: (
      query?: {
        /**
         * Page number, from 1.
         * @example "1"
         */
        page?: string;
        /**
         * Items per page, 1–250 (default 25).
         * @example "25"
         */
        per_page?: string;
        /**
         * Field to order by.
         * @example "created_at"
         */
        "order[field]"?: string;
        /**
         * `asc` or `desc` (default `desc`).
         * @example "desc"
         */
        "order[direction]"?: string;
        /**
         * Comma-separated fields to return.
         * @example "id,email,referral_code"
         */
        fields?: string;
        /**
         * Comma-separated relations to embed, or `all`.
         * @example "campaign"
         */
        with?: string;
        /**
         * Filter field; use indexes 0, 1, 2… for several filters.
         * @example "email"
         */
        "filters[0][field]"?: string;
        /**
         * `equal` (default), `gt`, `lt`, `gte`, `lte` or `like` (contains).
         * @example "like"
         */
        "filters[0][operator]"?: string;
        /**
         * The value to compare with.
         * @example "example.com"
         */
        "filters[0][value]"?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<EventPage, Problem>({
        path: `/v1/events`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * No description
     *
     * @tags Events
     * @name GetEvent
     * @summary Get an event
     * @request GET:/v1/events/{id}
     * @secure
     */
    getEvent: (id: string, params: RequestParams = {}) =>
      this.request<Event, Problem>({
        path: `/v1/events/${id}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard).
     *
     * @tags Webhooks
     * @name ListWebhookEndpoints
     * @summary List webhook endpoints
     * @request GET:/v1/webhook-endpoints
     * @secure
     */
    listWebhookEndpoints: (params: RequestParams = {}) =>
      this.request<WebhookEndpointList, Problem>({
        path: `/v1/webhook-endpoints`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard). The signing secret is returned once. URLs must be http(s); private and loopback hosts are refused outside development.
     *
     * @tags Webhooks
     * @name CreateWebhookEndpoint
     * @summary Create a webhook endpoint
     * @request POST:/v1/webhook-endpoints
     * @secure
     */
    createWebhookEndpoint: (
      data: CreateWebhookEndpoint,
      params: RequestParams = {},
    ) =>
      this.request<WebhookEndpointWithSecret, Problem>({
        path: `/v1/webhook-endpoints`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard).
     *
     * @tags Webhooks
     * @name GetWebhookEndpoint
     * @summary Get a webhook endpoint
     * @request GET:/v1/webhook-endpoints/{id}
     * @secure
     */
    getWebhookEndpoint: (id: string, params: RequestParams = {}) =>
      this.request<WebhookEndpoint, Problem>({
        path: `/v1/webhook-endpoints/${id}`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard). `enabled: true` re-enables a disabled endpoint and clears its failure record.
     *
     * @tags Webhooks
     * @name UpdateWebhookEndpoint
     * @summary Update a webhook endpoint
     * @request PATCH:/v1/webhook-endpoints/{id}
     * @secure
     */
    updateWebhookEndpoint: (
      id: string,
      data: UpdateWebhookEndpoint,
      params: RequestParams = {},
    ) =>
      this.request<WebhookEndpoint, Problem>({
        path: `/v1/webhook-endpoints/${id}`,
        method: "PATCH",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard). Nothing more is sent to it; its delivery history is deleted.
     *
     * @tags Webhooks
     * @name DeleteWebhookEndpoint
     * @summary Delete a webhook endpoint
     * @request DELETE:/v1/webhook-endpoints/{id}
     * @secure
     */
    deleteWebhookEndpoint: (id: string, params: RequestParams = {}) =>
      this.request<void, Problem>({
        path: `/v1/webhook-endpoints/${id}`,
        method: "DELETE",
        secure: true,
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard). During the grace period every message carries two signatures (new and old secret).
     *
     * @tags Webhooks
     * @name RotateSecretWebhookEndpoint
     * @summary Rotate an endpoint's signing secret
     * @request POST:/v1/webhook-endpoints/{id}/rotate-secret
     * @secure
     */
    rotateSecretWebhookEndpoint: (
      id: string,
      data?: RotateWebhookSecret,
      params: RequestParams = {},
    ) =>
      this.request<WebhookEndpointWithSecret, Problem>({
        path: `/v1/webhook-endpoints/${id}/rotate-secret`,
        method: "POST",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard). Queues a `webhook.test` event to this endpoint only; follow it in the deliveries.
     *
     * @tags Webhooks
     * @name TestWebhookEndpoint
     * @summary Send a test event
     * @request POST:/v1/webhook-endpoints/{id}/test
     * @secure
     */
    testWebhookEndpoint: (id: string, params: RequestParams = {}) =>
      this.request<WebhookDelivery, Problem>({
        path: `/v1/webhook-endpoints/${id}/test`,
        method: "POST",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Status, attempts, the last answer (code and first 1 KB) and the next attempt. Filter by `status`, `event_type`, `event_id`.
     *
     * @tags Webhooks
     * @name ListWebhookEndpointDeliveries
     * @summary List an endpoint's deliveries
     * @request GET:/v1/webhook-endpoints/{id}/deliveries
     * @secure
     */
    listWebhookEndpointDeliveries: (
      id: string,
      query?: {
        /**
         * Page number, from 1.
         * @example "1"
         */
        page?: string;
        /**
         * Items per page, 1–250 (default 25).
         * @example "25"
         */
        per_page?: string;
        /**
         * Field to order by.
         * @example "created_at"
         */
        "order[field]"?: string;
        /**
         * `asc` or `desc` (default `desc`).
         * @example "desc"
         */
        "order[direction]"?: string;
        /**
         * Comma-separated fields to return.
         * @example "id,email,referral_code"
         */
        fields?: string;
        /**
         * Comma-separated relations to embed, or `all`.
         * @example "campaign"
         */
        with?: string;
        /**
         * Filter field; use indexes 0, 1, 2… for several filters.
         * @example "email"
         */
        "filters[0][field]"?: string;
        /**
         * `equal` (default), `gt`, `lt`, `gte`, `lte` or `like` (contains).
         * @example "like"
         */
        "filters[0][operator]"?: string;
        /**
         * The value to compare with.
         * @example "example.com"
         */
        "filters[0][value]"?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<WebhookDeliveryPage, Problem>({
        path: `/v1/webhook-endpoints/${id}/deliveries`,
        method: "GET",
        query: query,
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key (or the dashboard). One more attempt at once, with the same webhook-id; if it fails, the schedule continues.
     *
     * @tags Webhooks
     * @name RetryWebhookDelivery
     * @summary Retry a delivery now
     * @request POST:/v1/webhook-deliveries/{id}/retry
     * @secure
     */
    retryWebhookDelivery: (id: string, params: RequestParams = {}) =>
      this.request<WebhookDelivery, Problem>({
        path: `/v1/webhook-deliveries/${id}/retry`,
        method: "POST",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Every API key belongs to one environment (`live` or `test`) of one workspace; this is it, with its settings.
     *
     * @tags Environment
     * @name ListEnvironment
     * @summary Get the key's environment
     * @request GET:/v1/environment
     * @secure
     */
    listEnvironment: (params: RequestParams = {}) =>
      this.request<Environment, Problem>({
        path: `/v1/environment`,
        method: "GET",
        secure: true,
        format: "json",
        ...params,
      }),

    /**
     * @description Needs an admin key. `fallback_url` is where this environment's share links go when nothing better exists (a deleted referrer, a campaign without a usable landing or fallback URL); share links everywhere follow the change within 2 minutes.
     *
     * @tags Environment
     * @name UpdateEnvironment
     * @summary Update the key's environment settings
     * @request PATCH:/v1/environment
     * @secure
     */
    updateEnvironment: (data: UpdateEnvironment, params: RequestParams = {}) =>
      this.request<Environment, Problem>({
        path: `/v1/environment`,
        method: "PATCH",
        body: data,
        secure: true,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),
  };
  hooks = {
    /**
     * @description Redeems a voucher like `POST /v1/vouchers/{code}/redeem`, authenticated by the secret token in the URL instead of an API key (get one from `POST /v1/inbound-hook/rotate`). Send `code=` or `coupon=` as a form field, a JSON field or a query parameter.
     *
     * @tags Voucher pools
     * @name QualifyHook
     * @summary Inbound qualify URL for no-code tools
     * @request POST:/hooks/{token}/qualify
     */
    qualifyHook: (
      token: string,
      query?: {
        /** @maxLength 64 */
        code?: string;
        /** @maxLength 255 */
        coupon?: string;
      },
      data?: {
        code?: string;
        coupon?: string;
      },
      params: RequestParams = {},
    ) =>
      this.request<VoucherRedemption, Problem>({
        path: `/hooks/${token}/qualify`,
        method: "POST",
        query: query,
        body: data,
        type: ContentType.Json,
        format: "json",
        ...params,
      }),
  };
}
