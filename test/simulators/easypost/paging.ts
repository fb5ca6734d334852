/** Query parameters of EasyPost's "retrieve all" endpoints (https://docs.easypost.com/docs/pagination). */
export interface PageQuery {
  page_size?: unknown;
  before_id?: unknown;
  after_id?: unknown;
  start_datetime?: unknown;
  end_datetime?: unknown;
}

/**
 * One page of `items` (kept in creation order), most recent first, as EasyPost pages:
 * `before_id`/`after_id` or `start_datetime`/`end_datetime` bound it, `page_size` ≤ 100 (default 20).
 */
export function listPage<T extends { id: string; created_at: string }>(
  items: T[],
  q: PageQuery,
): { page: T[]; hasMore: boolean } {
  let list = [...items].reverse();
  const before = typeof q.before_id === 'string' ? list.findIndex((i) => i.id === q.before_id) : -1;
  if (before >= 0) list = list.slice(before + 1);
  const after = typeof q.after_id === 'string' ? list.findIndex((i) => i.id === q.after_id) : -1;
  if (after >= 0) list = list.slice(0, after);
  if (typeof q.start_datetime === 'string') {
    const start = Date.parse(q.start_datetime);
    list = list.filter((i) => Date.parse(i.created_at) >= start);
  }
  if (typeof q.end_datetime === 'string') {
    const end = Date.parse(q.end_datetime);
    list = list.filter((i) => Date.parse(i.created_at) <= end);
  }
  const size = Math.min(100, Math.max(1, Number(q.page_size) || 20));
  return { page: list.slice(0, size), hasMore: list.length > size };
}
