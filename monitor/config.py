"""`zwgk.yaml`: the county's agencies, their columns, the store and the schedule.

Validated on load with pydantic (`extra="forbid"`); every fault names the file and line.
"""

from __future__ import annotations

import ipaddress
import re
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

from rules.calendar import WorkCalendar
from rules.loader import Catalog, RuleError, load_catalog, resolve_catalog, shipped_catalogs
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


def check_private_entry(value: str) -> str:
    """A host name, an IP address or a CIDR network, in its canonical spelling."""
    entry = value.strip().lower()
    try:
        if "/" in entry:
            return str(ipaddress.ip_network(entry))
        if re.fullmatch(r"[\d.]+|.*:.*", entry):  # spelled like an IPv4 or IPv6 address
            return str(ipaddress.ip_address(entry.strip("[]")))
    except ValueError as exc:
        raise ValueError(f"not an IP address or CIDR network: {value!r} ({exc})") from None
    if not re.fullmatch(r"[\w-]+(\.[\w-]+)*\.?", entry):
        raise ValueError(f"not a host name, IP address or CIDR network: {value!r}")
    return entry.rstrip(".")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def check_selector(value: str) -> str:
    """CSS, or XPath when it starts with `/`, `./` or `(` (as crawler.cms.selectors reads it)."""
    from cssselect import SelectorError
    from parsel import Selector

    query = value.strip()
    page = Selector(text="<html></html>")
    try:
        page.xpath(query) if query.startswith(("/", "./", "(")) else page.css(query)
    except (SelectorError, ValueError) as exc:
        raise ValueError(f"bad selector {value!r}: {exc}") from exc
    return value


def check_cms(value: str) -> str:
    import crawler.cms  # noqa: F401  (registers the list parsers)
    from crawler.cms.base import PARSERS

    if value not in PARSERS:
        raise ValueError(f"unknown cms {value!r} (known: {', '.join(sorted(PARSERS))})")
    return value


SelectorText = Annotated[str, AfterValidator(check_selector)]


class Selectors(Model):
    """CSS selectors for a list page no parser recognises."""

    item: SelectorText
    title: SelectorText = "a"
    href: SelectorText = "a::attr(href)"
    date: SelectorText | None = None
    next: SelectorText | None = None


class ColumnConfig(Model):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    url: str
    items: list[str] = []
    cms: Annotated[str, AfterValidator(check_cms)] | None = None
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
    name: str = Field(min_length=1)
    kind: Literal["county", "department", "township"]
    catalog: str = Field(min_length=1)
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
    max_page_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)  # larger answers: too_large

    # private addresses (loopback, RFC 1918, link-local…) the crawler may request anyway:
    # host names, IP addresses or CIDR networks; everything else private is blocked_address
    allow_private: list[Annotated[str, AfterValidator(check_private_entry)]] = []


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
    region: str = Field(min_length=1)
    database: Path = Path("zwgk.db")
    timezone: str = "Asia/Shanghai"
    reports_dir: Path = Path("reports")
    schedule: str = "0 6 * * 1"
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
    """Load and validate a config file; relative paths in it are relative to the file.

    Everything it names is checked too — the holidays file, each agency's catalog, the
    catalog items its columns list — so a fault stops a command before it writes anything.
    """
    doc = load_yaml(path, ConfigError)
    if not isinstance(doc.data, dict):
        raise doc.error((), "the config must be a mapping of keys to values", ConfigError)
    for key, message in REFUSED_KEYS.items():
        if key in doc.data:
            raise doc.error((key,), message, ConfigError)
    try:
        config = Config.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.validation_error(exc, ConfigError) from exc
    _check_unique(doc, config)
    config = _resolve_paths(config, Path(path))
    _check_holidays(doc, config)
    _check_paths(doc, config)
    _check_catalogs(doc, config)
    return config


REFUSED_KEYS = {
    "path": "unknown key",
    "rule_files": "'rule_files' is not read: name a rule file in agencies[].catalog "
    "(it can `extends:` a shipped catalog)",
}


def _check_unique(doc: YamlDocument, config: Config) -> None:
    """Ids of agencies and of each agency's columns; alert channels of one list."""
    _refuse_repeats(doc, ("agencies",), [a.id for a in config.agencies], "agency id", "id")
    for index, agency in enumerate(config.agencies):
        loc = ("agencies", index)
        _refuse_repeats(doc, (*loc, "columns"), [c.id for c in agency.columns], "column id", "id")
        _refuse_repeats(doc, (*loc, "alerts"), agency.alerts, "alert channel")
        for col_index, column in enumerate(agency.columns):
            _refuse_repeats(doc, (*loc, "columns", col_index, "items"), column.items, "item")
    for key in ("default", "supervisors"):
        urls = getattr(config.alerts, key)
        _refuse_repeats(doc, ("alerts", key), urls, "alert channel")


def _refuse_repeats(doc: YamlDocument, loc: tuple, values: list, what: str, key=None) -> None:
    seen: set = set()
    for index, value in enumerate(values):
        if value in seen:
            at = (*loc, index, key) if key else (*loc, index)
            raise doc.error(at, f"duplicate {what} {value!r}", ConfigError)
        seen.add(value)


def _check_holidays(doc: YamlDocument, config: Config) -> None:
    """The holidays file must exist; its own faults are reported in it (CalendarError)."""
    if config.holidays is None:
        return
    if not config.holidays.is_file():
        what = "is a directory" if config.holidays.is_dir() else "not found"
        message = f"holidays file {what}: {str(config.holidays)!r}"
        raise doc.error(("holidays",), message, ConfigError)
    WorkCalendar.from_file(config.holidays)


def _check_paths(doc: YamlDocument, config: Config) -> None:
    if config.reports_dir.exists() and not config.reports_dir.is_dir():
        message = f"reports_dir is a file, not a folder: {str(config.reports_dir)!r}"
        raise doc.error(("reports_dir",), message, ConfigError)
    if config.database.is_dir():
        message = f"database is a folder, not a file: {str(config.database)!r}"
        raise doc.error(("database",), message, ConfigError)


def _check_catalogs(doc: YamlDocument, config: Config) -> None:
    """Every agency's catalog loads, and every item its columns list is in that catalog."""
    loaded: dict[str, Catalog] = {}
    base = config.path.parent
    for index, agency in enumerate(config.agencies):
        if agency.catalog not in loaded:
            try:
                resolve_catalog(agency.catalog, base)
            except RuleError:
                message = (f"no rule file or shipped catalog {agency.catalog!r} "
                           f"(shipped: {', '.join(shipped_catalogs())})")  # fmt: skip
                raise doc.error(("agencies", index, "catalog"), message, ConfigError) from None
            loaded[agency.catalog] = load_catalog(agency.catalog, base)
        _check_items(doc, ("agencies", index), agency, loaded[agency.catalog])


def _check_items(doc: YamlDocument, loc: tuple, agency: AgencyConfig, catalog: Catalog) -> None:
    known = {rule.id for rule in catalog.items} | set(catalog.disabled)
    for col_index, column in enumerate(agency.columns):
        for item_index, item_id in enumerate(column.items):
            if item_id not in known:
                at = (*loc, "columns", col_index, "items", item_index)
                message = f"no item {item_id!r} in the catalog {catalog.name} ({catalog.path})"
                raise doc.error(at, message, ConfigError)


def _resolve_paths(config: Config, path: Path) -> Config:
    base = path.resolve().parent

    def resolve(value: Path) -> Path:
        return value if value.is_absolute() else base / value

    return config.model_copy(
        update={
            "database": resolve(config.database),
            "reports_dir": resolve(config.reports_dir),
            "holidays": resolve(config.holidays) if config.holidays else None,
            "path": path.resolve(),
        }
    )
