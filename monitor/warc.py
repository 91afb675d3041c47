"""WARC files of the evidence archive (warcio): appending records, reading one back.

Each record is its own gzip member, flushed and synced to disk before its offset and length
are handed back (or, with `sync_each` off, by `sync()` before the batch indexing them is
committed): a writer killed mid-record leaves at most a partial member at the end, which no
index row points into. Reopening a file cuts it back to the end
of its last indexed record before appending, so a later record never follows garbage.

The page is stored as bytes with its status line and headers, as it came; nothing in it is
interpreted here. Headers that described the transfer rather than the stored body
(Content-Encoding, Transfer-Encoding, Content-Length) are replaced by the body's length, and
the CR/LF a header could smuggle in become spaces.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zlib
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import GzippingWrapper, WARCWriter

TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
SOFTWARE = "zwgk (government disclosure compliance monitor)"
GZIP_LEVEL = 1  # warcio writes 9: on a 10 kB page ~1.6x the CPU for a file ~5% smaller


@dataclass(frozen=True)
class ArchivedPage:
    """A response record read back: what the server answered, and when."""

    uri: str
    date: str  # WARC-Date
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest of a body: `sha1:` and the SHA-1 in base 32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date(fetched_at: str) -> str:
    """An ISO time in UTC (`…+00:00`) as WARC-Date writes it (`…Z`)."""
    return fetched_at.replace("+00:00", "Z")


def http_headers(status: int, headers, protocol: str, length: int) -> StatusAndHeaders:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    kept = [(_clean(name), _clean(value)) for name, value in headers
            if name.lower() not in TRANSFER_HEADERS]  # fmt: skip
    kept.append(("Content-Length", str(length)))
    return StatusAndHeaders(f"{status} {reason}", kept, protocol=protocol)


def _clean(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


class _GzipMember(GzippingWrapper):
    """One record's gzip member, compressed at GZIP_LEVEL."""

    def __init__(self, out):
        super().__init__(out)
        self.compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)


class _Writer(WARCWriter):
    """warcio's writer, each record its own gzip member at GZIP_LEVEL."""

    def write_record(self, record, params=None) -> None:
        self._write_warc_record(_GzipMember(self.out), record)


class WarcFile:
    """One WARC file opened for appending, cut back to `valid_end` first."""

    def __init__(self, path: Path, valid_end: int, info: dict[str, str], sync_each: bool = True):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.sync_each = sync_each  # off: the caller calls sync() before indexing the records
        self.fh = open(path, "r+b" if path.exists() else "w+b")  # noqa: SIM115 (kept open)
        self.fh.truncate(valid_end)
        self.fh.seek(valid_end)
        self.writer = _Writer(self.fh, gzip=False)  # _Writer gzips each record itself
        if valid_end == 0:
            self._append(self.writer.create_warcinfo_record(path.name, {"software": SOFTWARE,
                                                                        **info}))  # fmt: skip

    def close(self) -> None:
        self.fh.close()

    def append_response(self, uri: str, http: StatusAndHeaders, body: bytes, fetched_at: str,
                        digest: str, extra: dict[str, str]) -> tuple[int, int]:  # fmt: skip
        """Append the page; returns the record's (offset, length) once it is on disk."""
        warc = {"WARC-Date": warc_date(fetched_at), "WARC-Payload-Digest": digest, **extra}
        record = self.writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                length=len(body), http_headers=http,
                                                warc_headers_dict=warc)  # fmt: skip
        return self._append(record)

    def append_revisit(self, uri: str, http: StatusAndHeaders, fetched_at: str, digest: str,
                       refers_to: tuple[str, str], extra: dict[str, str]) -> tuple[int, int]:  # fmt: skip
        """Append a revisit (same payload as the response `refers_to` = (uri, WARC-Date))."""
        warc = {"WARC-Date": warc_date(fetched_at), **extra}
        record = self.writer.create_revisit_record(uri, digest, *refers_to, http_headers=http,
                                                   warc_headers_dict=warc)  # fmt: skip
        return self._append(record)

    def _append(self, record) -> tuple[int, int]:
        offset = self.fh.tell()
        try:
            self.writer.write_record(record)
        except BaseException:  # a full disk: leave no partial record to append after
            self.fh.truncate(offset)
            self.fh.seek(offset)
            raise
        if self.sync_each:
            self.sync()
        else:
            self.fh.flush()
        return offset, self.fh.tell() - offset

    def sync(self) -> None:
        """Put everything appended so far on disk."""
        self.fh.flush()
        os.fsync(self.fh.fileno())


def read_record(path: Path, offset: int, length: int) -> ArchivedPage:
    """The record at `offset` (its gzip member of `length` bytes) of a WARC file."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        data = fh.read(length)
    record = next(iter(ArchiveIterator(io.BytesIO(data))))
    http = record.http_headers
    status = int(http.get_statuscode()) if http else 0
    headers = list(http.headers) if http else []
    body = record.content_stream().read() if record.rec_type == "response" else b""
    return ArchivedPage(record.rec_headers.get_header("WARC-Target-URI"),
                        record.rec_headers.get_header("WARC-Date"), status, headers,
                        body)  # fmt: skip
