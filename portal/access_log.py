"""gunicorn's access log without the participants' own addresses.

A registration's page, cancellation and calendar file live at ``/pamelding/<token>/``;
the token is the key to that person's registration, so it must not end up in server
logs that operations staff read and keep. Every logged field has it replaced.
"""

import re

from gunicorn.glogging import Logger

TOKEN = re.compile(r"(/pamelding/)[^/?#\s\"]+")


def redact(value):
    return TOKEN.sub(r"\1[skjult]", value) if isinstance(value, str) else value


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: redact(value) for name, value in atoms.items()}
