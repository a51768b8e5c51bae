/** D1 reports constraint failures only in the message; drizzle wraps it in `cause`. */
export function uniqueViolation(err: unknown): string | null {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const match = /UNIQUE constraint failed: ([\w., ]+)/.exec(e.message);
    if (match?.[1]) return match[1];
  }
  return null;
}
