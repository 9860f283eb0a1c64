"""Alerts: readers told by e-mail of new pages on what they follow (``portal.alerts``).

A ``Subscriber`` is an e-mail address that asked for alerts; it follows one or more
things (``Subscription``) and gets them straight away or once a week. It exists only
while subscribed: unsubscribing deletes it, its subscriptions and its unsent e-mails,
and an address never confirmed is deleted after ``ALERT_CONFIRM_DAYS``.

An ``Announcement`` says that a page was published for the first time while anyone
could see it; it is made once for each page, so a page unpublished and published again
is not announced twice. Each subscriber keeps how far it has read the announcements
(``read_up_to``), so a digest holds exactly what was announced since the one before.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.outbox import OutboxMessage


def new_token():
    return secrets.token_urlsafe(32)


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Med en gang")
    WEEKLY = "weekly", _("En gang i uken")


class Subscriber(models.Model):
    email = models.EmailField(_("e-post"), max_length=254, unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    # The written standard the e-mails are in: the one the form was sent in.
    language = models.CharField(max_length=5, default="nb")
    frequency = models.CharField(
        _("hvor ofte"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    read_up_to = models.PositiveBigIntegerField(
        default=0, help_text="The last announcement this subscriber's digests covered."
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("abonnent på varsler")
        verbose_name_plural = _("abonnenter på varsler")

    def __str__(self):
        return f"abonnent {self.pk}"


class Follows(models.TextChoices):
    EVERYTHING = "everything", _("Alt nytt i programmet")
    GATHERINGS = "gatherings", _("Nye samlinger")
    THEME = "theme", _("Tema")
    TARGET_GROUP = "target_group", _("Målgruppe")
    MUNICIPALITY = "municipality", _("Kommune")


class Subscription(models.Model):
    """One thing a subscriber follows: everything, gatherings, or the experience
    articles and good practices of a theme, a target group or a municipality."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    follows = models.CharField(max_length=20, choices=Follows.choices)
    theme = models.ForeignKey(
        "taggit.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_group = models.ForeignKey(
        "portal.TargetGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "portal.MunicipalityPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "follows"],
                condition=models.Q(follows__in=["everything", "gatherings"]),
                name="follows_everything_once",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "theme"], name="follows_theme_once"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "target_group"], name="follows_target_group_once"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "municipality"], name="follows_municipality_once"
            ),
        ]

    def __str__(self):
        followed = self.theme_id or self.target_group_id or self.municipality_id
        return f"{self.follows} {followed or ''}".strip()


class Announcement(models.Model):
    """A page published for the first time where anyone could see it."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    announced_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"kunngjøring {self.pk} av side {self.page_id}"


class AlertEmailKind(models.TextChoices):
    CONFIRM = "confirm", _("Bekreft abonnementet")
    LINK = "link", _("Lenke til abonnementet")
    DIGEST = "digest", _("Nytt i programmet")


class AlertEmail(OutboxMessage):
    """An e-mail owed to a subscriber; deleted with the subscriber."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="emails"
    )
    kind = models.CharField(max_length=10, choices=AlertEmailKind.choices)
    # A digest's pages, in the order it lists them.
    pages = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("e-post om varsler")
        verbose_name_plural = _("e-poster om varsler")

    def __str__(self):
        return f"{self.kind} til abonnent {self.subscriber_id}"
