"""The crawl's items as JSON, for the Redis queue between crawl workers and the one writer.

JSON, not pickle: a queue entry is data, never code, whoever could write to the queue.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict

from crawler.items import (
    ColumnDone,
    ColumnResult,
    DetailItem,
    FetchRecord,
    PageBody,
    PublicationItem,
)

PLAIN_ITEMS = {cls.__name__: cls for cls in (PublicationItem, DetailItem, FetchRecord)}


def item_to_json(item) -> str:
    kind = type(item).__name__
    if isinstance(item, ColumnDone):
        data = {"result": asdict(item.result), "first_url": item.first_url}
    elif isinstance(item, PageBody):
        data = asdict(item)
        data["body"] = base64.b64encode(item.body).decode("ascii")
    elif kind in PLAIN_ITEMS:
        data = asdict(item)
    else:
        raise TypeError(f"not a crawl item: {kind}")
    return json.dumps({"type": kind, "data": data}, ensure_ascii=False)


def item_from_json(text: str | bytes):
    entry = json.loads(text)
    kind, data = entry["type"], entry["data"]
    if kind == "ColumnDone":
        return ColumnDone(ColumnResult(**data["result"]), data["first_url"])
    if kind == "PageBody":
        data["body"] = base64.b64decode(data["body"])
        data["headers"] = [tuple(header) for header in data["headers"]]
        return PageBody(**data)
    if kind in PLAIN_ITEMS:
        return PLAIN_ITEMS[kind](**data)
    raise ValueError(f"unknown crawl item type {kind!r}")
