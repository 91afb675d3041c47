"""The SQL an evaluation reads the store with (`PublicationStore`'s evaluation queries).

Each reads through migration 12's indexes; the flags' expressions are those of its partial
indexes (a query uses a partial index only when its condition is the index's own).
"""

from __future__ import annotations


def of_agencies(sql: str, agency_ids: list[str] | None) -> tuple[str, list[str]]:
    """`sql` with its `{agencies}` filled: a condition on these agencies, or none."""
    if agency_ids is None:
        return sql.format(agencies=""), []
    return sql.format(agencies=f"and agency_id in ({', '.join('?' * len(agency_ids))})"), list(
        agency_ids
    )


LISTING_ROW = "select p.url, p.title, p.publish_date, p.first_seen, p.meta"
# the same without a kept page's HTML: what a subset's rules read is the metadata
SUBSET_ROW = "select p.url, p.title, p.publish_date, p.first_seen, json_remove(p.meta, '$.content')"
LIVE = "l.removed_on is null and p.removed_on is null"
COLUMN_LISTINGS = f"""
    from listings l indexed by listings_live
    join publications p {{index}} on p.url = l.url
    where l.agency_id = :agency_id and l.column_id = :column_id and {LIVE}
"""
ORDER = "order by p.publish_date desc, p.url"
LIVE_COUNTS_SQL = """
    select agency_id, column_id, count(*) from listings indexed by listings_live
    where removed_on is null {agencies} group by agency_id, column_id
"""
OUTCOMES_SQL = """
    select s.agency_id, s.column_id, s.outcome, s.error, s.redirected_to from column_states s
    join (select agency_id, column_id, max(crawl_id) as crawl_id from column_states
          where 1 {agencies} group by agency_id, column_id) latest
    using (agency_id, column_id, crawl_id)
"""
READ_DAYS_SQL = """
    select distinct s.agency_id, s.column_id, c.as_of
    from column_states s join crawls c on c.id = s.crawl_id
    where s.outcome in ('ok', 'not_modified') {agencies} order by c.as_of
"""
VISITS_SQL = """
    select agency_id, f.url, f.source_url, f.status, f.outcome, f.elapsed_ms, c.as_of,
           f.content_hits
    from fetches f join crawls c on c.id = f.crawl_id
    where f.kind = ? {agencies}
"""
NEWEST_SQL = f"""
    select max(substr(p.publish_date, 1, 10))
    {COLUMN_LISTINGS.format(index="indexed by publications_dates")}
      and substr(p.publish_date, 1, 10) <= :day
"""
# `value` begins with a date Python's date.fromisoformat reads (YYYY-MM-DD, a valid day)
ISO_DATE = """(substr({value}, 1, 10) glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
               and date(substr({value}, 1, 10)) = substr({value}, 1, 10))"""
LIVE_LISTINGS_SQL = {
    "all": f"{LISTING_ROW} {COLUMN_LISTINGS.format(index='')} {ORDER}",
    "dated": f"""{SUBSET_ROW} {COLUMN_LISTINGS.format(index="")}
                 and substr(p.publish_date, 1, 10) = :day {ORDER} limit 1""",
    "detailed": f"""{SUBSET_ROW} {COLUMN_LISTINGS.format(index="indexed by publications_detailed")}
                    and p.meta is not null and (:day is null or p.publish_date >= :day) {ORDER}""",
    "awaiting": f"""{SUBSET_ROW} {COLUMN_LISTINGS.format(index="indexed by publications_detailed")}
                    and p.meta is not null and p.publish_date >= :day and not coalesce(
                        {ISO_DATE.format(value="json_extract(p.meta, '$.reply_date')")}
                        and substr(json_extract(p.meta, '$.reply_date'), 1, 10)
                            <= date(substr(p.publish_date, 1, 10), '+' || :days || ' days'), 0)
                    {ORDER}""",
    "from": f"""{SUBSET_ROW} {COLUMN_LISTINGS.format(index="")}
                and (p.publish_date >= :day or p.publish_date is null or p.meta is not null)
                {ORDER}""",
}
DATED_BETWEEN_SQL = f"""
    select distinct l.agency_id, l.column_id
    from publications p indexed by publications_day
    join listings l indexed by listings_url on l.url = p.url
    where p.publish_date >= :since and substr(p.publish_date, 1, 10) <= :until and {LIVE}
"""
HITS_FLAG = """(case when json_valid(p.meta)
                then json_array_length(p.meta, '$.content_hits') end) > 0"""
RESTATED_FLAG = """(case when json_valid(p.meta) then json_extract(p.meta, '$.published') end)
                   is not null
               and substr(case when json_valid(p.meta)
                          then json_extract(p.meta, '$.published') end, 1, 10)
                   is not substr(p.publish_date, 1, 10)"""
FLAGGED_SQL = {
    flag: f"""
        select l.agency_id, l.column_id, p.url, p.title, p.publish_date, p.first_seen,
               json_remove(p.meta, '$.content')
        from publications p indexed by {index}
        join listings l indexed by listings_url on l.url = p.url
        where {expression} and {LIVE}
        order by l.agency_id, l.column_id, p.publish_date desc, p.url
    """
    for flag, index, expression in (("hits", "publications_hits", HITS_FLAG),
                                    ("restated", "publications_restated", RESTATED_FLAG))
}  # fmt: skip
SIGHTED = f"""
    select l.agency_id, l.column_id, p.url
    from publications p indexed by publications_sighted
    join listings l indexed by listings_url on l.url = p.url
    where {LIVE} and p.publish_date < :before and
"""
SEEN_ON_SQL = SIGHTED + " p.first_seen = :day"  # the crawl after `before` first saw them
SEEN_AFTER_SQL = SIGHTED + " p.first_seen > :before and (:day is null or p.first_seen < :day)"
SAVE_VERDICT_SQL = """
    insert into report_inspections (digest, year, version, verdict, checked_at)
    values (?, ?, ?, ?, ?)
    on conflict (digest, year) do update set version = excluded.version,
        verdict = excluded.verdict, checked_at = excluded.checked_at
"""
