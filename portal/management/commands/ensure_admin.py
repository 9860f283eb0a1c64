"""Make sure there is an administrator to log in with, and say who it is.

Takes DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD like ``createsuperuser``
does; without them it creates ``admin`` with a random password, kept in
``.admin-credentials`` (not in git) so that every ``make run`` can print it again.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".admin-credentials"


class Command(BaseCommand):
    help = "Creates the administrator if missing and prints how to log in."

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if username and password:
            self._ensure(username, password, reset_password=True)
        else:
            username, password, fresh = self._generated_credentials()
            self._ensure(username, password, reset_password=fresh)
        url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/"
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {url}  username: {username}  password: {password}"
            )
        )

    def _ensure(self, username, password, reset_password):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        if created or reset_password:
            user.is_staff = user.is_superuser = user.is_active = True
            user.set_password(password)
            user.save()

    def _generated_credentials(self):
        if CREDENTIALS_FILE.exists():
            username, _, password = CREDENTIALS_FILE.read_text().strip().partition(":")
            if username and password:
                return username, password, False
        username, password = "admin", secrets.token_urlsafe(12)
        CREDENTIALS_FILE.write_text(f"{username}:{password}\n")
        CREDENTIALS_FILE.chmod(0o600)
        return username, password, True
