"""Signing in to the admin: a second factor and limits on failed attempts.

Whoever can see participants or publish pages must confirm each sign-in with a code
from an authenticator app (TOTP) or a one-time recovery code; other editors may choose
to. django-otp keeps the devices and marks a session as verified; the middleware here
sends unverified admin requests to set up or enter the code, and the login and code
views refuse further attempts once an account or a client has failed too often.
"""
