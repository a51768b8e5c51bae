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
  /** @example "https://yourshop.com/?r=JANE-A1B2C3" */
  share_url: string;
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
    /** @example "https://yourshop.com/?r=JANE-A1B2C3" */
    share_url: string;
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
  /** @example {"plan":"pro"} */
  metadata?: Record<string, any>;
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
    /** @example "https://yourshop.com/?r=JANE-A1B2C3" */
    share_url?: string;
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
      /** @example "https://yourshop.com/?r=JANE-A1B2C3" */
      share_url: string;
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
  /** @example {"plan":"pro"} */
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
  /** @example "awaiting_approval" */
  status_reason: string | null;
  hold_until: string | null;
  needs_review: boolean;
  rule_id: string | null;
  rules_version: number | null;
  note: string | null;
  created_at: string;
  updated_at: string;
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
  /** @example {"plan":"pro"} */
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
    visits: number;
    unique_visits: number;
  };
  data: {
    /** @example "2026-11-23" */
    day: string;
    visits: number;
    unique_visits: number;
  }[];
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
        /** Relations to embed: `campaign`, `referrer`, or `all`. */
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
     * @description Raw and unique visits per UTC day over a date range, for the environment, one campaign or one referrer. Every day in the range is listed.
     *
     * @tags Share links
     * @name GetStats
     * @summary Share-link visits per day
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
  };
}
