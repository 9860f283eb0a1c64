from django.db import models


class OutboxMessage(models.Model):
    """An e-mail owed to someone, kept until it is sent so a failing server loses
    nothing: what ``portal.outbox`` needs to send it and to retry it with a growing
    pause. The e-mails of each app are a model of their own built on this one."""

    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    retry_since = models.DateTimeField(
        null=True, blank=True, help_text="The first failure of the current retries."
    )
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    gave_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
