"""Signing in to the admin: a second factor and limits on failed attempts.

Whoever can see participants or publish pages must confirm each sign-in with a code
from an authenticator app (TOTP) or a one-time recovery code; other editors may choose
to. django-otp keeps the devices and marks a session as verified; the middleware here
sends unverified admin requests to set up or enter the code. Every check of a password
or a code counts in the same limits per account and per client (``throttle``, held by
the authentication backend in ``backends``), whichever page asked. Setting up an app
needs a fresh sign-in and is announced by e-mail (``notices``); a forgotten password
is mailed by a task, within limits (``password_reset``).
"""
