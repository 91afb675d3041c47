"""Each check's score per agency: the history behind the trend chart and the weekly change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from monitor.store.connection import Connection, iso, record, to_date


@dataclass(frozen=True)
class AgencyScore:
    check_id: int
    agency_id: str
    as_of: date
    points: float
    verdict: str  # 合格 | 不合格
    vetoes: int
    open_findings: int


class ScoreStore(Connection):
    def save_scores(self, scores: list[AgencyScore]) -> None:
        rows = [{**vars(s), "as_of": iso(s.as_of)} for s in scores]
        with self.transaction():
            self.db["agency_scores"].upsert_all(rows, pk=("check_id", "agency_id"))

    def score_history(self, agency_id: str | None = None, since: date | None = None,
                      until: date | None = None) -> list[AgencyScore]:  # fmt: skip
        """Per agency and day, the score of the day's last check, oldest first."""
        sql = """select s.* from agency_scores s
                 join (select agency_id, as_of, max(check_id) as check_id from agency_scores
                       group by agency_id, as_of) last using (agency_id, as_of, check_id)
                 where (:agency is null or s.agency_id = :agency)
                   and (:since is null or s.as_of >= :since)
                   and (:until is null or s.as_of <= :until)
                 order by s.as_of, s.agency_id"""
        params = {"agency": agency_id, "since": iso(since), "until": iso(until)}
        return [record(AgencyScore, row, as_of=to_date(row["as_of"]))
                for row in self.db.query(sql, params)]  # fmt: skip
