"""The Redis side of a distributed crawl: the job, the site tasks, the workers' batches.

Keys (under `zwgk:`):

- `job`: the running crawl (id, date, crawl settings, the configured sites' URLs), JSON;
- `tasks`: one entry per site still to walk (its share of the crawl plan);
- `working:<worker>`: the tasks a worker has taken, moved there atomically (LMOVE);
- `alive:<worker>`: the worker's heartbeat, expiring `HEARTBEAT_TTL` seconds after its last beat;
- `out:<worker>`: the items the worker's current batch has yielded so far;
- `ready`: finished batches (`batch:<worker>:<n>`, the renamed `out` list) for the one writer;
- `ingesting`: the batch the writer is storing (kept there until it is stored);
- `done`: the sites whose batch is stored;
- `gate:<host>`: when the next request to that host may start (politeness across workers).
- `links`: each link checked in this crawl and the site whose page first named it, and each page
  a worker asked for (`page`): a link is checked once across workers, and not at all when it is
  a page the crawl reads (a site walked again after its worker died checks its own again).

A worker's batch is all or nothing: its items reach `ready` in one step when every request of
the batch has ended. A worker that dies (its heartbeat expires) has its tasks put back on
`tasks` and its unfinished items dropped, in one step, so another worker walks those sites
again and nothing is stored twice. Both steps are Lua scripts: Redis runs each atomically.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass

from scrapy_redis.connection import get_redis

PREFIX = "zwgk:"
HEARTBEAT_TTL = 30  # seconds without a beat after which a worker counts as dead
HEARTBEAT_EVERY = 5

# KEYS: working, out, ready, batch; ARGV: the ready entry. A batch whose tasks were given
# back meanwhile (the worker was taken for dead) is dropped: another worker has them.
COMMIT_BATCH = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2])
  return 0
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('RENAME', KEYS[2], KEYS[4])
end
redis.call('RPUSH', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[1])
return 1
"""

# KEYS: working, out, tasks, alive. Gives a dead worker's tasks back; a live one keeps them.
REQUEUE = """
if redis.call('EXISTS', KEYS[4]) == 1 then
  return 0
end
local tasks = redis.call('LRANGE', KEYS[1], 0, -1)
for _, task in ipairs(tasks) do
  redis.call('RPUSH', KEYS[3], task)
end
redis.call('DEL', KEYS[1], KEYS[2])
return #tasks
"""

# KEYS: gate; ARGV: delay in ms. Reserves the host's next start time on the server's clock;
# returns how many ms the caller waits before its request starts.
GATE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local delay = tonumber(ARGV[1])
local next_start = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, next_start)
redis.call('SET', KEYS[1], start + delay, 'PX', start + delay - now + 60000)
return start - now
"""


@dataclass(frozen=True)
class Job:
    crawl_id: int
    as_of: str
    settings: dict  # crawler.config.CrawlSettings, as JSON
    site_urls: list[str]  # every homepage and column URL (the origins redirects may stay on)
    tasks: int  # sites in the crawl
    columns: int  # columns in the crawl
    archive: bool = False  # whether pages read are sent for the evidence archive

    def same_setup(self, other: Job) -> bool:
        """Whether a worker started for this job can walk `other`'s sites as it is."""
        setup = ("settings", "site_urls", "archive")
        return all(getattr(self, name) == getattr(other, name) for name in setup)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)


@dataclass(frozen=True)
class BatchEntry:
    """A finished batch on the `ready` list: its items' list key and the sites it holds."""

    raw: bytes  # the entry as queued (taken off `ingesting` by this value)
    name: str
    sites: list[str]

    @classmethod
    def read(cls, raw: bytes) -> BatchEntry:
        data = json.loads(raw)
        return cls(raw, data["batch"], data["sites"])


def worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


# KEYS: links; ARGV: the site, the number of pages, the pages its worker has asked for since
# its last call (marked `page`: no site checks them as links), then the links a page of the
# site names. Returns the links the site may check: those no other site has named first nor
# any worker asked for as a page (a site walked again keeps its own).
CLAIM_LINKS = """
local pages = tonumber(ARGV[2])
for i = 3, 2 + pages do
  redis.call('HSETNX', KEYS[1], ARGV[i], 'page')
end
local mine = {}
for i = 3 + pages, #ARGV do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[1]) == 1
      or redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then
    mine[#mine + 1] = ARGV[i]
  end
end
return mine
"""


class TaskQueue:
    """The distributed crawl's queues on one Redis server."""

    def __init__(self, url: str):
        self.url = url
        self.redis = get_redis(url=url)
        self._commit = self.redis.register_script(COMMIT_BATCH)
        self._requeue = self.redis.register_script(REQUEUE)
        self._gate = self.redis.register_script(GATE)
        self._claim_links = self.redis.register_script(CLAIM_LINKS)

    @staticmethod
    def key(*parts: str) -> str:
        return PREFIX + ":".join(parts)

    # the writer's side

    def publish(self, job: Job, tasks: list[str]) -> None:
        """A new crawl: clear what an earlier one left, then the job and its site tasks."""
        self.clear()
        with self.redis.pipeline() as pipe:
            pipe.set(self.key("job"), job.to_json())
            if tasks:
                pipe.rpush(self.key("tasks"), *tasks)
            pipe.execute()

    def clear(self) -> None:
        keys = list(self.redis.scan_iter(match=PREFIX + "*", count=1000))
        live = {k for k in keys if k.startswith(self.key("alive").encode())}
        if doomed := [k for k in keys if k not in live]:
            self.redis.delete(*doomed)

    def job(self) -> Job | None:
        text = self.redis.get(self.key("job"))
        return Job(**json.loads(text)) if text else None

    def requeue_dead(self) -> int:
        """Give the tasks of every worker whose heartbeat expired back; how many."""
        given = 0
        for working in self.redis.scan_iter(match=self.key("working", "*")):
            worker = working.decode().removeprefix(self.key("working", ""))
            keys = [working, self.key("out", worker), self.key("tasks"), self.key("alive", worker)]
            given += int(self._requeue(keys=keys))
        return given

    def take_batch(self, timeout: float) -> BatchEntry | None:
        """The next finished batch, moved to `ingesting` (kept until `stored`); a batch left
        there by a writer that died comes first."""
        raw = self.redis.lindex(self.key("ingesting"), 0)
        if raw is None:
            raw = self.redis.blmove(self.key("ready"), self.key("ingesting"), timeout)
        return BatchEntry.read(raw) if raw is not None else None

    def batch_items(self, entry: BatchEntry) -> list[bytes]:
        return self.redis.lrange(entry.name, 0, -1)

    def stored(self, entry: BatchEntry) -> None:
        with self.redis.pipeline() as pipe:
            pipe.sadd(self.key("done"), *entry.sites)
            pipe.delete(entry.name)
            pipe.lrem(self.key("ingesting"), 1, entry.raw)
            pipe.execute()

    def sites_done(self) -> int:
        return self.redis.scard(self.key("done"))

    def workers(self) -> list[str]:
        prefix = self.key("alive", "")
        return sorted(k.decode().removeprefix(prefix) for k in self.redis.scan_iter(prefix + "*"))

    # the worker's side

    def beat(self, worker: str, ttl: int = HEARTBEAT_TTL) -> None:
        self.redis.set(self.key("alive", worker), "1", ex=ttl)

    def forget(self, worker: str) -> None:
        """The worker has stopped: whatever it still holds is given back at the next look."""
        self.redis.delete(self.key("alive", worker))

    def take_tasks(self, worker: str, count: int) -> list[bytes]:
        """Up to `count` site tasks, each moved atomically to the worker's `working` list."""
        taken = []
        for _ in range(count):
            task = self.redis.lmove(self.key("tasks"), self.key("working", worker))
            if task is None:
                break
            taken.append(task)
        return taken

    def push_items(self, worker: str, items: list[str]) -> None:
        if items:
            self.redis.rpush(self.key("out", worker), *items)

    def commit_batch(self, worker: str, number: int, sites: list[str]) -> bool:
        """The batch's items go to the writer, its tasks are done; False: they were given
        back meanwhile (this worker was taken for dead) and the items are dropped."""
        batch = self.key("batch", worker, str(number))
        entry = json.dumps({"batch": batch, "sites": sites})
        keys = [self.key("working", worker), self.key("out", worker), self.key("ready"), batch]
        return bool(self._commit(keys=keys, args=[entry]))

    def claim_links(self, site: str, urls: list[str], pages: list[str] = ()) -> list[str]:
        """Of these links on a page of `site`, those it checks: none another site checks, none
        a worker asks for as a page; `pages`, asked for since the last call, are marked so."""
        if not urls and not pages:
            return []
        args = [site, len(pages), *pages, *urls]
        return [url.decode() for url in self._claim_links(keys=[self.key("links")], args=args)]

    def gate_wait(self, host: str, delay: float) -> float:
        """Seconds to wait before the next request to `host`, `delay` after the last one of
        any worker."""
        return int(self._gate(keys=[self.key("gate", host)], args=[round(delay * 1000)])) / 1000
