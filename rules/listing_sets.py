"""What a rule asks of a column's listings, answerable without reading them all.

A province's store lists millions of publications, and most rules want little of a column:
how many it lists, its newest date, the pages whose detail was read, those with content hits,
those that might be backdated. `ColumnView.listings` is any sequence of listings (a tuple in
tests); the monitor hands the rules a `ListingSet` that counts, dates and picks these from the
store and reads a column's listings one by one only when a rule goes through all of them.
`listing_set` gives every sequence the same questions, answered the same way; the listings a
question picks may come without the page's HTML (`content`), which going through them all
gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from rules.base import Listing


class ListingSet(Sequence):
    """A column's listings in the column's order (newest list date first, then by URL);
    each question answered here by going through them, a subclass answers from the store."""

    def newest_date(self, as_of: date) -> date | None:
        """The latest list date on or before `as_of`."""
        return max((item.date for item in self if item.date and item.date <= as_of), default=None)

    def has_dated(self, since: date, until: date) -> bool:
        """Whether a listing's list date is from `since` to `until`."""
        return any(item.date and since <= item.date <= until for item in self)

    def newest(self, as_of: date) -> Listing | None:
        """The first listing, in order, of the latest list date on or before `as_of`."""
        dated = (item for item in self if item.date and item.date <= as_of)
        return max(dated, key=lambda item: item.date, default=None)

    def detailed(self, since: date | None = None) -> list[Listing]:
        """In order, the listings whose detail page was read (they carry its metadata; the
        page's HTML, `content`, may be left out); with `since`, those listed on or after it."""
        return [item for item in self
                if item.meta and (since is None or (item.date and item.date >= since))]  # fmt: skip

    def awaiting_reply(self, since: date, days: int) -> list[Listing]:
        """In order, the listings read in detail and listed on or after `since`, except those
        whose `reply_date` is no more than `days` days after their list date: at least every
        message unanswered, or answered later."""
        return [item for item in self.detailed(since)
                if not ((replied := item.meta_date("reply_date"))
                        and replied <= item.date + timedelta(days=days))]  # fmt: skip

    def published_from(self, day: date) -> list[Listing]:
        """In order, at least every listing published (`published_on`) on or after `day`,
        and those with no date at all."""
        return [item for item in self if not item.published_on or item.published_on >= day]

    def with_content_hits(self) -> list[Listing]:
        """In order, the listings whose page had content-check hits."""
        return [item for item in self if item.meta.get("content_hits")]

    def backdating_suspects(self) -> list[Listing]:
        """In order, at least every listing whose stated date (`published_on`) is before a
        crawl earlier than its first sighting: it could have been listed then."""
        return [item for item in self if item.published_on and item.first_seen
                and item.published_on < item.first_seen]  # fmt: skip


class Listings(ListingSet):
    """Listings held in a tuple."""

    def __init__(self, items: Iterable[Listing] = ()):
        self.items = tuple(items)

    def __getitem__(self, index):
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"Listings({self.items!r})"


def listing_set(listings: Sequence[Listing]) -> ListingSet:
    return listings if isinstance(listings, ListingSet) else Listings(listings)
