"""A real SMTP server on this machine that keeps what it receives, for the journeys.

Django's SMTP backend talks to it over a socket as it would to the organisation's mail
server, so what the tests read is what left the portal: headers, both parts and the
attachments, after encoding.
"""

import email
import email.policy
import re
import time

from aiosmtpd.controller import Controller


class Outbox:
    """aiosmtpd's handler: every message received, parsed, in order."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        message.recipients = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if address in m.recipients]

    def wait_for(self, address, subject_contains="", count=1, timeout=5.0):
        """The messages to ``address`` whose subject contains the text, once there are
        ``count`` of them (mail may be handed over after the page has answered)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.to(address) if subject_contains in m["subject"]]
            if len(found) >= count or time.monotonic() > deadline:
                assert len(found) >= count, (
                    f"{count} e-mail(s) to {address} about «{subject_contains}» expected; "
                    f"got: {[m['subject'] for m in self.to(address)]}"
                )
                return found

    @staticmethod
    def text(message):
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def links(message):
        return re.findall(r"https?://\S+", Outbox.text(message))

    @staticmethod
    def attachments(message, content_type):
        return [
            part.get_content()
            for part in message.iter_attachments()
            if part.get_content_type() == content_type
        ]


def start_smtp_server(port):
    """Start a server on 127.0.0.1:``port``; returns (controller, outbox)."""
    outbox = Outbox()
    controller = Controller(outbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, outbox
