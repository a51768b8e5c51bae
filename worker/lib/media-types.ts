/** RFC 9457: every error the API answers has this content type. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
