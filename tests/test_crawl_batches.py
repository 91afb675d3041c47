"""The store pipeline writes items in batches, one transaction each: what it stores equals
what writing every item on its own stores, a batch lands whole or not at all, and a crawl
killed between batches keeps every batch written before."""

from __future__ import annotations

import sqlite3

import pytest

from crawler.items import ColumnDone, ColumnResult, DetailItem, FetchRecord, PublicationItem
from monitor.crawl_store import StorePipeline
from monitor.store import Store

AS_OF = "2026-11-27"
BASE = "http://127.0.0.1:9/qx-jyj"
COLUMNS = ("news", "notice", "policy")
TABLES = {
    "publications": "url, title, publish_date, first_seen, last_seen, removed_on, first_crawl, "
    "last_crawl, meta",
    "listings": "agency_id, column_id, url, first_seen, last_seen, last_crawl, removed_on",
    "fetches": "crawl_id, agency_id, column_id, kind, url, method, status, outcome, error, "
    "elapsed_ms, fetched_at, parser, items",
    "column_states": "crawl_id, agency_id, column_id, outcome, pages, items, error, complete, "
    "stop_reason, first_items, first_dated, parser",
    "validators": "url, etag, last_modified, crawl_id",
}


def column_items(column: str, rows: int) -> list:
    """One column's crawl as the spider yields it: two list pages of publications (some also
    listed by the other columns), their fetch records, detail pages, and the column's end."""
    first = f"{BASE}/{column}/index.html"
    items = []
    for page, url in enumerate((first, f"{BASE}/{column}/index_1.html")):
        for n in range(rows):
            shared = n % 5 == 0  # listed by every column
            href = f"{BASE}/art/{n}.html" if shared else f"{BASE}/{column}/{page}-{n}.html"
            day = None if n % 7 == 0 else f"2026-11-{1 + n % 20:02d}"
            items.append(PublicationItem("qx-jyj", column, href, f"标题{n}", day, list_url=url))
        items.append(FetchRecord("qx-jyj", column, url, "GET", 200, "ok", None, 5,
                                 f"{AS_OF}T08:00:00+00:00", "plain", rows))  # fmt: skip
    for n in range(0, rows, 3):
        detail = f"{BASE}/{column}/0-{n}.html" if n % 5 else f"{BASE}/art/{n}.html"
        items.append(DetailItem(detail, {"title": f"标题{n}", "detail_outcome": "ok"}))
        items.append(FetchRecord("qx-jyj", column, detail, "GET", 200, "ok", None, 3,
                                 f"{AS_OF}T08:00:01+00:00", kind="detail"))  # fmt: skip
    result = ColumnResult("qx-jyj", column, "ok", 2, 2 * rows, parser="plain", done=True,
                          validators={"etag": f'"{column}"', "last_modified": None})  # fmt: skip
    return [*items, ColumnDone(result, first)]


def crawl_items() -> list:
    """Three columns' items, interleaved page by page as concurrent walks yield them."""
    streams = [column_items(column, 23) for column in COLUMNS]
    mixed = []
    for position in range(max(len(stream) for stream in streams)):
        mixed += [stream[position] for stream in streams if position < len(stream)]
    return mixed


def new_store(folder) -> tuple[str, int]:
    database = folder / "zwgk.db"
    store = Store(database)
    crawl_id = store.start_crawl(AS_OF)
    store.close()
    return str(database), crawl_id


def rows(database: str) -> dict[str, list[tuple]]:
    with sqlite3.connect(database) as conn:
        return {table: sorted(conn.execute(f"select {columns} from {table}").fetchall(),
                              key=repr)
                for table, columns in TABLES.items()}  # fmt: skip


def count(database: str, table: str) -> int:
    with sqlite3.connect(database) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


def test_batched_writes_store_what_writing_each_item_alone_stores(tmp_path):
    (tmp_path / "batched").mkdir()
    (tmp_path / "alone").mkdir()
    items = crawl_items()
    batched = StorePipeline(*new_store(tmp_path / "batched"), AS_OF)
    batched.batch_items = 17  # batch ends fall inside runs of one kind of item
    batched.open_spider()
    for item in items:
        batched.process_item(item)
    batched.close_spider()
    alone = StorePipeline(*new_store(tmp_path / "alone"), AS_OF)
    alone.open_spider()
    for item in items:
        alone.write_items([item])
    alone.close_spider()

    stored = rows(batched.database)
    assert stored == rows(alone.database)
    assert len(stored["publications"]) == 3 * (2 * 23 - 2 * 5) + 5
    assert len(stored["listings"]) == 3 * (2 * 23 - 5)
    assert len(stored["fetches"]) == 3 * (2 + 8)
    assert [state[3:] for state in stored["column_states"]] == [("ok", 2, 46, None, 1, None,
                                                                 23, 19, "plain")] * 3  # fmt: skip
    assert sum(1 for row in stored["publications"] if row[-1]) == 3 * 6 + 2  # 2 shared


def test_a_batch_lands_whole_or_not_at_all(tmp_path):
    database, crawl_id = new_store(tmp_path)
    pipeline = StorePipeline(database, crawl_id, AS_OF)
    pipeline.open_spider()
    items = column_items("news", 10)
    items.insert(12, DetailItem(f"{BASE}/art/0.html", {"bad": {1, 2}}))  # a set: no JSON
    with pytest.raises(TypeError):
        pipeline.write_items(items)
    assert [count(database, table) for table in TABLES] == [0, 0, 0, 0, 0]
    pipeline.write_items(items[:12] + items[13:])
    pipeline.close_spider()
    assert count(database, "publications") == 18 and count(database, "column_states") == 1


def listed(items: list) -> int:
    return len({item.url for item in items if isinstance(item, PublicationItem)})


def test_a_crawl_killed_between_batches_keeps_every_batch_written(tmp_path):
    database, crawl_id = new_store(tmp_path)
    pipeline = StorePipeline(database, crawl_id, AS_OF)
    pipeline.batch_items, pipeline.batch_seconds = 20, 3600
    pipeline.open_spider()
    items = column_items("news", 25)
    for item in items[:45]:
        pipeline.process_item(item)
    assert count(database, "publications") == listed(items[:40]) == 36  # 2 batches, 5 pending
    pipeline.store.close()  # killed: the pending items are never written
    assert count(database, "publications") == count(database, "listings") == 36
    assert count(database, "fetches") == 1

    resumed = StorePipeline(database, crawl_id, AS_OF)
    resumed.open_spider()
    for item in items:
        resumed.process_item(item)
    assert count(database, "column_states") == 1  # a column's end is written at once
    resumed.close_spider()
    assert count(database, "publications") == listed(items) == 45
