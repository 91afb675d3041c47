"""`zwgk.yaml`: the county's agencies, their columns, the store and the schedule.

Validated on load with pydantic (`extra="forbid"`); every fault names the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from crawler.config import (
    ID_PATTERN,
    Column,
    CrawlSettings,
    Model,
    check_optional_url,
    check_url,
)
from monitor.crontab import cron_trigger
from monitor.settings import ContentSettings, DashboardSettings, NoticeSettings
from rules.calendar import WorkCalendar
from rules.loader import Catalog, RuleError, load_catalog, resolve_catalog, shipped_catalogs
from rules.yamlfast import gc_paused
from rules.yamlsource import CONFIG_MAX_BYTES, SourceError, YamlDocument, load_yaml

CONTENT_COLUMNS = ("annual_report",)  # columns whose detail pages are kept by default
MESSAGE_COLUMNS = ("mailbox", "inquiry")  # 县长信箱/网上咨询: re-read until answered
# An address `check_url` accepts at a glance: http(s), an ASCII host, a port in range.
PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::([0-9]{1,5}))?(?:[/?#]\S*)?")


def check_column_url(value: str) -> str:
    """`crawler.config.check_url`, with a quick yes for a plain address (a province's config
    has some 80,000); anything else gets the full check and its message."""
    plain = PLAIN_URL.fullmatch(value)
    if plain and (plain.group(1) is None or int(plain.group(1)) <= 65535):
        return value
    return check_url(value)


class ConfigError(SourceError):
    """The config file is wrong."""


class ColumnConfig(Column):
    """A column as configured: what the crawler walks, and which catalog items it carries."""

    items: list[str] = Field(
        default_factory=list,
        description="The catalog items the column carries. Empty: the items whose `column:` "
        "is the column's id.",
    )
    reread_until: str | None = Field(
        default=None,
        description="Re-read the column's detail pages every crawl until their metadata has "
        "this field. Default: `reply_date` for the `mailbox` and `inquiry` columns "
        "(县长信箱, 网上咨询), whose replies are added to the page later; null for the others.",
    )

    _url = field_validator("url")(check_column_url)

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
    """An agency (县政府, 部门 or 乡镇) whose disclosure is monitored."""

    id: str = Field(pattern=ID_PATTERN, description="Lower-case letters, digits, `-`, `_`; unique.")
    name: str = Field(
        min_length=1, description="The agency's name, as reports and notices show it."
    )
    kind: Literal["county", "department", "township"] = Field(description="The kind of agency.")
    catalog: str = Field(
        min_length=1,
        description="Its catalog of items (公开事项目录): a shipped one (`county`, `department`, "
        "`township`) or the path of a rule file, relative to zwgk.yaml.",
    )
    homepage: str | None = Field(
        default=None,
        description="Its website's homepage (http or https): checked for reachability, and its "
        "links checked.",
    )
    columns: list[ColumnConfig] = Field(default=[], description="The columns (栏目) crawled.")
    alerts: list[ChannelUrl] = Field(
        default=[],
        description="Its alert channels (apprise URLs); none: `alerts.default`.",
    )

    _homepage = field_validator("homepage")(check_optional_url)


class AlertSettings(Model):
    """Alerts (逾期提醒) through apprise URLs: an agency's own `alerts`, else `default`.

    Secrets go in `${ENV_VAR}` placeholders, expanded only when a message is sent (see Alert
    channels).
    """

    default: list[ChannelUrl] = Field(
        default=[], description="Apprise URLs for agencies without their own `alerts`."
    )
    supervisors: list[ChannelUrl] = Field(
        default=[],
        description="Apprise URLs of the supervision office: escalations of overdue notices.",
    )
    remind_before_workdays: int = Field(
        default=3,
        ge=0,
        description="Remind an agency this many working days before an item is due.",
    )
    max_attempts: int = Field(
        default=5, ge=1, description="A message that failed this often is given up (`dead`)."
    )
    backoff_seconds: float = Field(
        default=60, ge=0, description="Seconds before the first retry, doubled each time."
    )
    sender: str | None = Field(
        default=None,
        description="The signature line of alert messages; null: `{region}政务公开办`.",
    )
    report_url: str | None = Field(
        default=None,
        description="Where `reports_dir` is published (http or https); notice files are "
        "linked under it. null: messages carry no links to notices.",
    )

    _report_url = field_validator("report_url")(check_optional_url)


class ReportSettings(Model):
    """The weekly report."""

    split_above_agencies: int = Field(
        default=100,
        ge=1,
        description="With more agencies than this, the weekly report's HTML and PDF are a "
        "summary (ranking, vetoes, totals by kind) and each agency's findings are in its own "
        "HTML file, in a folder beside them, linked from the summary; the XLSX keeps every row.",
    )


class Config(Model):
    """The county's agencies, their columns, the store and the schedule.

    Relative paths in the file are relative to the file.
    """

    region: str = Field(min_length=1, description="The county's name, used in reports.")
    database: Path = Field(default=Path("zwgk.db"), description="The SQLite store (WAL mode).")
    timezone: str = Field(
        default="Asia/Shanghai",
        description='What "today" means, and the time zone of `schedule`.',
    )
    reports_dir: Path = Field(default=Path("reports"), description="Where reports are written.")
    schedule: str = Field(
        default="0 6 * * 1",
        description="When the scheduled service runs a cycle: a 5-field cron expression.",
    )
    weekly_schedule: str = Field(
        default="0 8 * * 1", description="When `zwgk serve` writes the weekly report (cron)."
    )
    stale_after_days: float = Field(
        default=8, gt=0, description="Cycle age (days) past which `/healthz`, `zwgk health` fail."
    )
    holidays: Path | None = Field(
        default=None,
        description="A `holidays.yaml` adding years the official calendar package does not "
        "know yet (see Working days).",
    )
    evidence_dir: Path | None = Field(
        default=None,
        description="Where the pages the crawl reads are archived as WARC files (网页快照, see "
        "Evidence); null: `evidence` beside the database.",
    )
    evidence_retention_days: int = Field(
        default=400,
        ge=1,
        description="Archived pages older than this many days are removed, except those an open "
        "finding cites.",
    )
    crawl: CrawlSettings = Field(default=CrawlSettings(), description="The crawler's settings.")
    notices: NoticeSettings = Field(
        default=NoticeSettings(), description="Rectification notices (整改通知书)."
    )
    alerts: AlertSettings = Field(default=AlertSettings(), description="Alerts (逾期提醒).")
    report: ReportSettings = Field(default=ReportSettings(), description="The weekly report.")
    dashboard: DashboardSettings = Field(
        default=DashboardSettings(), description="The web dashboard (`zwgk serve`)."
    )
    content: ContentSettings = Field(
        default=ContentSettings(), description="Content checks of detail pages (错敏词)."
    )
    agencies: list[AgencyConfig] = Field(description="The agencies monitored.")
    path: Path | None = Field(
        default=None, exclude=True, description="The file the config was loaded from (not a key)."
    )
    _agencies_by_id: dict[str, AgencyConfig] = PrivateAttr(default={})

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value):
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value

    @field_validator("schedule", "weekly_schedule")
    @classmethod
    def _schedule(cls, value):
        cron_trigger(value, "Asia/Shanghai")  # raises ValueError with what is wrong
        return value

    @model_validator(mode="after")
    def _index_agencies(self) -> Config:
        # reversed: of a repeated id (refused by load_config, not by the model) the first wins
        self._agencies_by_id = {agency.id: agency for agency in reversed(self.agencies)}
        return self

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Config:
        """A copy whose agency index follows an updated `agencies` (pydantic copies it as is)."""
        return super().model_copy(update=update, deep=deep)._index_agencies()

    @property
    def evidence_folder(self) -> Path:
        """Where the archived pages are: `evidence_dir`, else `evidence` beside the database."""
        return self.evidence_dir or self.database.parent / "evidence"

    def agency(self, agency_id: str) -> AgencyConfig:
        """The agency with this id; KeyError for an unknown one."""
        return self._agencies_by_id[agency_id]


def load_config(path: str | Path) -> Config:
    """Load and validate a config file; relative paths in it are relative to the file.

    Everything it names is checked too — the holidays file, each agency's catalog, the
    catalog items its columns list — so a fault stops a command before it writes anything.
    """
    doc = load_yaml(path, ConfigError, CONFIG_MAX_BYTES, cache=True)
    if not isinstance(doc.data, dict):
        raise doc.error((), "the config must be a mapping of keys to values", ConfigError)
    for key, message in REFUSED_KEYS.items():
        if key in doc.data:
            raise doc.error((key,), message, ConfigError)
    try:
        with gc_paused():
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
            "evidence_dir": resolve(config.evidence_folder),
            "holidays": resolve(config.holidays) if config.holidays else None,
            "dashboard": config.dashboard.model_copy(
                update={"attachments_dir": resolve(config.dashboard.attachments_dir)}
            ),
            "content": config.content.model_copy(
                update={"word_lists": [resolve(path) for path in config.content.word_lists]}
            ),
            "path": path.resolve(),
        }
    )
