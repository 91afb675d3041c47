"""The sections of `zwgk.yaml` that tune a feature: `notices:`, `dashboard:` and `content:`.

`monitor.config` nests them in its `Config`; `alerts:` stays there, beside the agencies'
own alert channels, because its URLs are checked by the same lazily imported apprise check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from crawler.config import Model, check_optional_url


class NoticeSettings(Model):
    """Rectification notices (整改通知书)."""

    number_pattern: str = Field(
        default="公开整改〔{year}〕{seq}号",
        description="The notice number: must contain `{seq}`, which counts per year and is "
        "never reused, and may contain `{year}`.",
    )
    issuer: str = Field(default="县人民政府办公室", description="发文机关 printed on notices.")
    deadline_workdays: int = Field(
        default=5, ge=1, description="The rectification deadline, in working days after issue."
    )
    min_severity: Literal["warning", "points", "veto"] = Field(
        default="points", description="The least severity of a finding put on a notice."
    )
    auto_issue: bool = Field(default=True, description="Issue notices at the end of every cycle.")
    contact: str | None = Field(
        default=None, description="The contact line printed on notices; null: none."
    )

    @field_validator("number_pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        try:
            value.format(year=2026, seq=1)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError("number_pattern may use only {year} and {seq}") from exc
        if "{seq}" not in value:
            raise ValueError("number_pattern must contain {seq}")
        return value


class DashboardSettings(Model):
    """The web dashboard of `zwgk serve`: accounts, sessions, replies' attachments."""

    url: str | None = Field(
        default=None,
        description="The dashboard's public address (https behind a reverse proxy); alerts "
        "link to each finding's page under it. null: alerts carry no dashboard links.",
    )
    session_hours: float = Field(
        default=8, gt=0, description="A login lasts this long, then the user signs in again."
    )
    login_failures: int = Field(
        default=5, ge=1, description="Wrong passwords (per account or address) before a lockout."
    )
    lockout_minutes: float = Field(
        default=15, gt=0, description="How long logins are refused after too many failures."
    )
    attachment_max_mb: float = Field(
        default=10, gt=0, description="The largest attachment a reply may carry."
    )
    attachments_dir: Path = Field(
        default=Path("attachments"), description="Where replies' attachments are kept."
    )
    secure_cookies: bool = Field(
        default=False,
        description="Send the session cookie over HTTPS only (true behind an HTTPS proxy).",
    )
    proxy_hops: int = Field(
        default=0,
        ge=0,
        description="Reverse proxies in front of `zwgk serve` whose X-Forwarded-For/-Proto "
        "to trust (1 behind nginx): the login throttle then counts the client's address.",
    )

    _url = field_validator("url")(check_optional_url)


class Leader(Model):
    """A leader of the county, for the 严重表述错误 check of names and titles."""

    name: str = Field(min_length=2, description="The leader's name.")
    title: str = Field(min_length=2, description="The current title, e.g. 县长, 副县长.")
    former: bool = Field(default=False, description="Left office: named as current is an error.")


class ContentSettings(Model):
    """The content checks of the detail pages the crawl reads (错敏词, personal data, links)."""

    enabled: bool = Field(default=True, description="Check the text and links of detail pages.")
    word_lists: list[Path] = Field(
        default=[],
        description="The county's own word lists (the format of `rules/wordlists/`), beside the "
        "shipped ones; relative to zwgk.yaml.",
    )
    leaders: list[Leader] = Field(default=[], description="The county's leaders.")
    personal_data_columns: list[str] = Field(
        default=["notices", "personnel"],
        description="Column ids whose pages may name persons (公示): a mobile number there is "
        "no finding; a full ID number or bank card number is one everywhere.",
    )
