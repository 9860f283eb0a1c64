"""The benchmark's HTTP client against a real server: what it reads is what was sent.

The load generator's figures are only as good as this client: a body read short or a
connection thought alive when the server had closed it would count wrong requests.
"""

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.http1 import Connection


class Handler(BaseHTTPRequestHandler):
    """Answers each way a server may frame a response."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in (b"hei ", b"og ", b"hallo"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path in ("/close", "/eof"):
            # gunicorn's sync workers say "Connection: close" and send the length; a
            # body may also simply run until the server closes the connection.
            self.send_response(200)
            self.send_header("Connection", "close")
            if self.path == "/close":
                self.send_header("Content-Length", "11")
            self.end_headers()
            self.wfile.write(b"til slutten")
            self.close_connection = True
        else:
            body = f"{self.command} {self.path}".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header(
                "Set-Cookie", "csrftoken=abc; Path=/; Secure; SameSite=Lax"
            )
            self.send_header("Set-Cookie", "sessionid=xyz; HttpOnly; Path=/")
            self.end_headers()
            self.wfile.write(body)
            # /gone answers, then closes without saying so: the next request finds out.
            self.close_connection = self.path == "/gone"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(302 if body == b"a=1" else 400)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _exchanges(port, *requests):
    """The responses to ``requests`` sent one after another on one Connection, and
    whether each left the connection open."""

    async def run():
        connection = Connection(port)
        answers = []
        for request in requests:
            response = await connection.request(*request)
            answers.append((response, connection.writer is not None))
        connection.close()
        return answers

    return asyncio.run(run())


def test_reads_each_kind_of_body_and_keeps_the_connection_while_allowed(port):
    answers = _exchanges(
        port,
        ("GET", "/length"),
        ("GET", "/chunked"),
        ("GET", "/close"),
        ("GET", "/eof"),
    )
    assert [(response.status, response.body, open_) for response, open_ in answers] == [
        (200, b"GET /length", True),
        (200, b"hei og hallo", True),
        (200, b"til slutten", False),
        (200, b"til slutten", False),
    ]


def test_a_connection_the_server_closed_is_opened_again(port):
    answers = _exchanges(port, ("GET", "/gone"), ("GET", "/after"))
    assert [response.body for response, _ in answers] == [b"GET /gone", b"GET /after"]


def test_posts_a_body_and_reads_the_cookies_set(port):
    [(posted, _)] = _exchanges(port, ("POST", "/form", (), b"a=1"))
    [(got, _)] = _exchanges(port, ("GET", "/form"))
    assert posted.status == 302
    assert got.cookies() == {"csrftoken": "abc", "sessionid": "xyz"}
