"""青溪县's leaders, as the county enters them under `content: leaders:` in zwgk.yaml: the content
checks flag a leader named with a wrong title, and a former leader named as current (严重表述
错误). demo/content.py injects one of each; nothing else the demo writes names them."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Leader:
    name: str
    title: str
    former: bool = False  # left office: named with a title today, an error


LEADERS: tuple[Leader, ...] = (
    Leader("周明远", "县委书记"),
    Leader("陈立群", "县长"),
    Leader("林晓燕", "副县长"),
    Leader("郑国华", "副县长"),
    Leader("王建民", "县长", former=True),
)


def leader(name: str) -> Leader:
    return next(person for person in LEADERS if person.name == name)


def leaders_config() -> list[dict]:
    """The `content: leaders:` list of zwgk.yaml."""
    return [asdict(person) for person in LEADERS]
