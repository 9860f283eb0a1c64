"""A small HTTP/1.1 client on asyncio streams: keep-alive, chunked bodies, cookies.

The load generator and the registration burst need many concurrent connections from one
process and nothing installed; the standard library's clients are blocking. A
connection is kept open while the server allows it and opened again when it does not
(gunicorn's sync workers close every connection after one response).
"""

import asyncio
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from bench.common import HOST


@dataclass
class Response:
    status: int
    headers: list = field(default_factory=list)
    body: bytes = b""

    def header(self, name):
        name = name.lower()
        return next((value for key, value in self.headers if key == name), None)

    def cookies(self):
        """The cookies the response sets, as ``{name: value}``."""
        jar = SimpleCookie()
        for key, value in self.headers:
            if key == "set-cookie":
                jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}


class Connection:
    """One client connection to ``127.0.0.1:port``; requests go one after another."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    async def open(self):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                "127.0.0.1", self.port
            )

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method, target, headers=(), body=b""):
        """Send one request and read its whole response.

        A kept-alive connection that the server has closed meanwhile fails before any
        byte of the answer arrives; the request is then sent once more on a new one.
        """
        reused = self.writer is not None
        try:
            return await self._exchange(method, target, headers, body)
        except (ConnectionError, asyncio.IncompleteReadError):
            self.close()
            if not reused:
                raise
            return await self._exchange(method, target, headers, body)

    async def _exchange(self, method, target, headers, body):
        await self.open()
        lines = [f"{method} {target} HTTP/1.1", f"Host: {HOST}"]
        lines += [f"{name}: {value}" for name, value in headers]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()
        response = await self._read_head()
        response.body = await self._read_body(response)
        if (response.header("connection") or "").lower() == "close":
            self.close()
        return response

    async def _read_head(self):
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = [
            (name.strip().lower(), value.strip())
            for name, _, value in (line.partition(":") for line in header_lines if line)
        ]
        return Response(status=int(status_line.split()[1]), headers=headers)

    async def _read_body(self, response):
        length = response.header("content-length")
        if length is not None:
            return await self.reader.readexactly(int(length))
        if (response.header("transfer-encoding") or "").lower() == "chunked":
            chunks = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readline()
            await self.reader.readuntil(b"\r\n")  # no trailers are sent
            return b"".join(chunks)
        body = await self.reader.read()
        self.close()
        return body
