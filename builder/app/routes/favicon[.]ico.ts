/** No icon yet: an empty answer instead of a "no route matches" error for every page view. */
export const loader = () => new Response(null, { status: 204, headers: { "cache-control": "public, max-age=86400" } });
