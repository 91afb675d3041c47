"""A real SMTP server on 127.0.0.1 for the demo: it keeps what it receives and writes it out."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Keeper:
    def __init__(self):
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd hook name)
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"


class DemoMailbox:
    """`with DemoMailbox() as mailbox:` serves SMTP on `mailbox.port` until the block ends."""

    def __init__(self):
        self._keeper = _Keeper()
        self.port = free_port()  # aiosmtpd's start-up check cannot use port 0
        self._controller = Controller(self._keeper, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> DemoMailbox:
        self._controller.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._controller.stop()

    def received(self) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=policy.default) for raw in self._keeper.messages]

    def write_to(self, folder: Path) -> list[Path]:
        """Each received message as an .eml file, plus a readable index (subject, recipient)."""
        folder.mkdir(parents=True, exist_ok=True)
        paths, index = [], []
        start = len(list(folder.glob("*.eml")))
        for number, message in enumerate(self.received(), start=start + 1):
            path = folder / f"{number:03d}.eml"
            path.write_bytes(message.as_bytes())
            paths.append(path)
            index.append(f"{path.name}\t{message['To']}\t{message['Subject']}")
        if index:
            with (folder / "index.txt").open("a", encoding="utf-8") as out:
                out.write("\n".join(index) + "\n")
        return paths
