"""A distributed crawl's side of the store: which workers' batches are stored, and how the
crawl's columns ended (`monitor.ingest`)."""

from __future__ import annotations

from monitor.store.connection import Connection, utc_now


class BatchStore(Connection):
    def batch_ingested(self, crawl_id: int, batch: str) -> bool:
        sql = "select 1 from ingested_batches where crawl_id = ? and batch = ?"
        return self.db.execute(sql, [crawl_id, batch]).fetchone() is not None

    def mark_batch_ingested(self, crawl_id: int, batch: str) -> None:
        """Call inside the transaction that stores the batch's items."""
        row = {"crawl_id": crawl_id, "batch": batch, "stored_at": utc_now()}
        with self.transaction():
            self.db["ingested_batches"].insert(row)

    def crawl_is_running(self, crawl_id: int) -> bool:
        sql = "select 1 from crawls where id = ? and status = 'running'"
        return self.db.execute(sql, [crawl_id]).fetchone() is not None

    def crawl_column_outcomes(self, crawl_id: int) -> dict[str, int]:
        """The crawl's stored column states counted by outcome."""
        sql = "select outcome, count(*) from column_states where crawl_id = ? group by outcome"
        return dict(self.db.execute(sql, [crawl_id]).fetchall())

    def crawl_columns_complete(self, crawl_id: int) -> int:
        sql = "select count(*) from column_states where crawl_id = ? and complete = 1"
        return self.db.execute(sql, [crawl_id]).fetchone()[0]
