"""`zwgk.yaml`: the county's agencies, their columns, the store and the schedule.

Validated on load with pydantic (`extra="forbid"`); every fault names the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from rules.yamlsource import SourceError, YamlDocument, load_yaml

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
CONTENT_COLUMNS = ("annual_report",)  # columns whose detail pages are kept by default
MESSAGE_COLUMNS = ("mailbox", "inquiry")  # 县长信箱/网上咨询: re-read until answered


class ConfigError(SourceError):
    """The config file is wrong."""


def check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {value!r}")
    if any(ch.isspace() for ch in value):
        raise ValueError(f"URL contains whitespace: {value!r}")
    try:
        _ = parts.port
    except ValueError as exc:
        raise ValueError(f"bad port in URL: {value!r}") from exc
    return value


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Selectors(Model):
    """CSS selectors for a list page no parser recognises."""

    item: str
    title: str = "a"
    href: str = "a::attr(href)"
    date: str | None = None
    next: str | None = None


class ColumnConfig(Model):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    url: str
    items: list[str] = []
    cms: str | None = None
    selectors: Selectors | None = None
    max_pages: int = Field(default=50, ge=1)
    keep_content: bool = False  # keep detail pages' body HTML (default: the annual report)
    # re-read detail pages every crawl until their metadata has this field (default:
    # reply_date for the message columns, whose replies are added to the page later)
    reread_until: str | None = None

    _url = field_validator("url")(check_url)

    @model_validator(mode="before")
    @classmethod
    def _keep_content_default(cls, data):
        """The annual report's pages are inspected for their format: keep them by default."""
        if isinstance(data, dict) and "keep_content" not in data:
            data = {**data, "keep_content": data.get("id") in CONTENT_COLUMNS}
        if isinstance(data, dict) and "reread_until" not in data:
            data = {**data, "reread_until": "reply_date" if data.get("id") in MESSAGE_COLUMNS
                    else None}  # fmt: skip
        return data


def _channel_url(url: str) -> str:
    from monitor.channels import check_channel_url  # imports apprise only when URLs are set

    return check_channel_url(url)


ChannelUrl = Annotated[str, AfterValidator(_channel_url)]


class AgencyConfig(Model):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    kind: Literal["county", "department", "township"]
    catalog: str
    homepage: str | None = None
    columns: list[ColumnConfig] = []
    alerts: list[ChannelUrl] = []

    @field_validator("homepage")
    @classmethod
    def _homepage(cls, value):
        return None if value is None else check_url(value)


class CrawlSettings(Model):
    obey_robots: bool = True
    concurrency_per_domain: int = Field(default=2, ge=1, le=32)
    autothrottle: bool = True
    download_delay: float = Field(default=0.5, ge=0)
    timeout: float = Field(default=30, gt=0)
    retries: int = Field(default=2, ge=0)
    retry_backoff: float = Field(default=1.0, ge=0)  # seconds before a retry, doubled each time
    user_agent: str = "zwgk/0.1 (government disclosure compliance monitor)"
    full_crawl_days: int = Field(default=28, ge=0)  # walk a column fully this often; 0: always
    detail_pages: bool = True  # read new publications' detail pages (metadata) once
    detail_max_age_days: int | None = Field(default=None, ge=0)  # older ones: list only
    check_links: bool = True
    max_links_per_page: int = Field(default=200, ge=0)
    external_delay: float = Field(default=2.0, ge=0)  # seconds between requests off the sites


class NoticeSettings(Model):
    """Rectification notices (整改通知书)."""

    number_pattern: str = "公开整改〔{year}〕{seq}号"
    issuer: str = "县人民政府办公室"
    deadline_workdays: int = Field(default=5, ge=1)
    min_severity: Literal["warning", "points", "veto"] = "points"
    auto_issue: bool = True
    contact: str | None = None

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


class AlertSettings(Model):
    """Alerts (逾期提醒) through apprise URLs: an agency's own `alerts`, else `default`.

    Secrets go in ${ENV_VAR} placeholders, expanded only when a message is sent.
    `report_url` is where reports_dir is published (notice files are linked under it).
    """

    default: list[ChannelUrl] = []
    supervisors: list[ChannelUrl] = []
    remind_before_workdays: int = Field(default=3, ge=0)
    max_attempts: int = Field(default=5, ge=1)
    backoff_seconds: float = Field(default=60, ge=0)
    sender: str | None = None  # signature line; default: "{region}政务公开办"
    report_url: str | None = None

    @field_validator("report_url")
    @classmethod
    def _report_url(cls, value):
        return None if value is None else check_url(value)


class Config(Model):
    region: str
    database: Path = Path("zwgk.db")
    timezone: str = "Asia/Shanghai"
    reports_dir: Path = Path("reports")
    schedule: str = "0 6 * * 1"
    rule_files: list[Path] = []
    holidays: Path | None = None
    crawl: CrawlSettings = CrawlSettings()
    notices: NoticeSettings = NoticeSettings()
    alerts: AlertSettings = AlertSettings()
    agencies: list[AgencyConfig]
    path: Path | None = Field(default=None, exclude=True)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value):
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value):
        from monitor.crontab import cron_trigger

        cron_trigger(value, "Asia/Shanghai")  # raises ValueError with what is wrong
        return value

    def agency(self, agency_id: str) -> AgencyConfig:
        for agency in self.agencies:
            if agency.id == agency_id:
                return agency
        raise KeyError(agency_id)


def load_config(path: str | Path) -> Config:
    """Load and validate a config file; relative paths in it are relative to the file."""
    doc = load_yaml(path, ConfigError)
    if not isinstance(doc.data, dict):
        raise doc.error((), "the config must be a mapping of keys to values", ConfigError)
    try:
        config = Config.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.validation_error(exc, ConfigError) from exc
    _check_unique_ids(doc, config)
    return _resolve_paths(config, Path(path))


def _check_unique_ids(doc: YamlDocument, config: Config) -> None:
    seen: set[str] = set()
    for index, agency in enumerate(config.agencies):
        if agency.id in seen:
            loc = ("agencies", index, "id")
            raise doc.error(loc, f"duplicate agency id {agency.id!r}", ConfigError)
        seen.add(agency.id)
        column_ids: set[str] = set()
        for col_index, column in enumerate(agency.columns):
            if column.id in column_ids:
                loc = ("agencies", index, "columns", col_index, "id")
                raise doc.error(loc, f"duplicate column id {column.id!r}", ConfigError)
            column_ids.add(column.id)


def _resolve_paths(config: Config, path: Path) -> Config:
    base = path.resolve().parent

    def resolve(value: Path) -> Path:
        return value if value.is_absolute() else base / value

    return config.model_copy(
        update={
            "database": resolve(config.database),
            "reports_dir": resolve(config.reports_dir),
            "rule_files": [resolve(p) for p in config.rule_files],
            "holidays": resolve(config.holidays) if config.holidays else None,
            "path": path.resolve(),
        }
    )
