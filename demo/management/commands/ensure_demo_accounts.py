"""One account for each staff role of the demo site, for trying the portal locally.

``make run`` creates them beside the administrator and prints who they are: a Husbanken
editor, a contributor for Karmøy and an organiser of gatherings. They share one
development-only password, generated once and kept in ``.demo-credentials`` (not in
git) so that every ``make run`` prints the same. The command refuses to run unless
``DEBUG`` is on: the production settings never get accounts with a printed password.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from learning.moderation import ensure_husbanken_editors, ensure_municipality_editors
from portal.models import MunicipalityPage

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".demo-credentials"
ORGANISERS = "Arrangører"
KARMOY = "1149"

# username, first name, last name, what the role does, where to start
ROLES = (
    (
        "redaktor",
        "Hanne",
        "Husbanken",
        "Husbanken-redaktør: publiserer, godkjenner kommunenes bidrag, satser",
        "/admin/",
    ),
    (
        "karmoy",
        "Kari",
        "Karmøy",
        "Bidragsyter for Karmøy: skriver artikler som Husbanken godkjenner",
        "/admin/",
    ),
    (
        "arrangor",
        "Ola",
        "Arrangør",
        "Arrangør: samlinger, påmeldinger, oppmøte og evaluering",
        "/admin/pameldinger/",
    ),
)


def demo_password(path=None):
    """The demo accounts' password and whether it is new: read from ``path``, or made
    and kept there."""
    path = path or CREDENTIALS_FILE
    if path.exists():
        password = path.read_text().strip()
        if password:
            return password, False
    password = secrets.token_urlsafe(12)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password, True


def role_groups():
    """Each demo username's groups, created as the site's own set-up would."""
    karmoy = MunicipalityPage.objects.filter(municipality_number=KARMOY).first()
    if karmoy is None:
        raise CommandError(
            "Karmøy is missing from the demo content: run load_demo_content first."
        )
    organisers, _ = Group.objects.get_or_create(name=ORGANISERS)
    return {
        "redaktor": [ensure_husbanken_editors()],
        "karmoy": [ensure_municipality_editors(karmoy)],
        "arrangor": [organisers],
    }


class Command(BaseCommand):
    help = "Creates one account per staff role for development and prints them."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo accounts are for development only (DEBUG is off); "
                "create real accounts in the admin."
            )
        password, fresh = demo_password()
        with transaction.atomic():
            groups = role_groups()
            User = get_user_model()
            for username, first_name, last_name, _, _ in ROLES:
                user, created = User.objects.get_or_create(username=username)
                user.first_name, user.last_name = first_name, last_name
                user.email = f"{username}@demo.example"
                user.is_staff = user.is_active = True
                user.is_superuser = False
                if created or fresh:  # hashing is slow; a second run keeps it
                    user.set_password(password)
                user.save()
                user.groups.set(groups[username])
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        lines = [f"Demo accounts (development only), password: {password}"]
        lines += [
            f"  {username:<9} {role}  {base}{start}"
            for username, _, _, role, start in ROLES
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
