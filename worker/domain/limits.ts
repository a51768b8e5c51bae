/** Ids per bulk reward action (approve, pay, cancel). */
export const MAX_BULK_IDS = 500;

/** Days one stats query may cover. */
export const MAX_STATS_DAYS = 366;

/** Items per page of every list. */
export const MAX_PER_PAGE = 250;
