"""The learning loop after a gathering: evaluation, follow-up, and what came of it.

- The day after a gathering, ``manage.py send_evaluations`` asks each participant who
  attended (or, when attendance was not marked, who was confirmed) for a short
  evaluation. Answers are anonymous: the ``Invitation`` records that a registration
  answered, the ``EvaluationResponse`` holds the answers with the gathering and a day.
- ``FOLLOWUP_AFTER_DAYS`` after it, ``manage.py send_followups`` asks participants from
  programme municipalities what they tried at home. An answer becomes a draft
  experience article below the municipality's page, for its contributors to finish and
  submit through the normal approval; nothing is published without it.

Both commands are safe to run daily and twice: one invitation per registration and
kind (a database constraint), queued with its e-mail in one transaction. E-mails go
through ``events.notifications`` like every other; cancelled, anonymised and opted-out
participants get none. Links carry signed tokens that expire.
"""

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from wagtail.rich_text import RichText

from events import notifications
from events.loop_tokens import (
    OPT_OUT_SALT,
    SALT,
    closes_at,
    setting_days,
)
from events.loop_tokens import opt_out_token as opt_out_token
from events.loop_tokens import token as token
from events.models import (
    DEFAULT_QUESTIONS,
    EmailKind,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    FollowUp,
    GatheringPage,
    Invitation,
    InvitationKind,
    QuestionKind,
    Registration,
    RegistrationStatus,
)
from learning import moderation
from portal import public_pages
from portal.slugs import norwegian_slugify

EMAIL_KINDS = {
    InvitationKind.EVALUATION: EmailKind.EVALUATION,
    InvitationKind.FOLLOWUP: EmailKind.FOLLOWUP,
}


class Closed(Exception):
    """The form can no longer be answered: too late, or the link is not valid."""


class AlreadyAnswered(Exception):
    pass


def kept_for_followup_until(gathering_end):
    """Participants who will be asked for a follow-up are kept until it closes."""
    return (
        gathering_end
        + setting_days("FOLLOWUP_AFTER_DAYS")
        + setting_days("FOLLOWUP_OPEN_DAYS")
    )


# --- who is asked ---


def recipients(gathering):
    """Who attended; when attendance was not marked, who was confirmed. Never anyone
    who cancelled, was anonymised or asked for no more e-mail."""
    registrations = gathering.registrations.filter(
        anonymised_at__isnull=True, no_more_email_at__isnull=True
    )
    attended = registrations.filter(status=RegistrationStatus.ATTENDED)
    if gathering.registrations.filter(status=RegistrationStatus.ATTENDED).exists():
        return attended
    return registrations.filter(status=RegistrationStatus.CONFIRMED)


def followup_recipients(gathering):
    return recipients(gathering).filter(municipality__isnull=False)


def _ended_between(earliest, latest):
    return GatheringPage.objects.live().filter(
        cancelled=False, end__gte=earliest, end__lt=latest
    )


def evaluations_due(now=None):
    """Gatherings that ended before today (Oslo time) and are still open to answers."""
    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return _ended_between(now - setting_days("EVALUATION_OPEN_DAYS"), today)


def followups_due(now=None):
    now = now or timezone.now()
    after = now - setting_days("FOLLOWUP_AFTER_DAYS")
    return _ended_between(after - setting_days("FOLLOWUP_OPEN_DAYS"), after)


def _invite(registrations, kind):
    queued = 0
    for registration in registrations.exclude(invitations__kind=kind):
        try:
            with transaction.atomic():
                Invitation.objects.create(registration=registration, kind=kind)
                notifications.queue(registration, EMAIL_KINDS[kind])
        except IntegrityError:
            continue  # a parallel run invited this one
        queued += 1
    return queued


def invite_to_evaluation(gathering):
    """Queue one gathering's evaluation e-mails, to those not yet asked; returns how
    many. (Also the organisers' «Send evalueringen nå».)"""
    questions(gathering)
    return _invite(recipients(gathering), InvitationKind.EVALUATION)


def send_evaluations(now=None):
    """Queue the evaluation e-mails that are due; returns how many."""
    queued = 0
    for gathering in evaluations_due(now).order_by("end", "pk"):
        queued += invite_to_evaluation(gathering)
    return queued


def send_followups(now=None):
    """Queue the follow-up e-mails that are due; returns how many."""
    queued = 0
    for gathering in followups_due(now).order_by("end", "pk"):
        queued += _invite(followup_recipients(gathering), InvitationKind.FOLLOWUP)
    return queued


# --- links ---


def invitation_for(value, kind, now=None):
    """The invitation a link names, while its form is open; else ``Closed``."""
    now = now or timezone.now()
    try:
        pk = signing.loads(value, salt=f"{SALT}.{kind}")
    except signing.BadSignature as error:
        raise Closed from error
    invitation = (
        Invitation.objects.filter(pk=pk, kind=kind, registration__anonymised_at=None)
        .select_related("registration__gathering", "registration__municipality")
        .first()
    )
    if invitation is None or now >= closes_at(invitation.registration.gathering, kind):
        raise Closed
    return invitation


def registration_for_opt_out(value):
    try:
        pk = signing.loads(value, salt=OPT_OUT_SALT)
    except signing.BadSignature as error:
        raise Closed from error
    registration = Registration.objects.filter(pk=pk, anonymised_at=None).first()
    if registration is None:
        raise Closed
    return registration


def opt_out(registration, now=None):
    """No more evaluation or follow-up e-mail for this registration."""
    if registration.no_more_email_at is None:
        registration.no_more_email_at = now or timezone.now()
        registration.save(update_fields=["no_more_email_at", "updated_at"])


# --- the evaluation ---


def questions(gathering):
    """The gathering's questions; the defaults are added the first time if it has none."""
    existing = list(gathering.evaluation_questions.select_related("agenda_item"))
    if existing:
        return existing
    with transaction.atomic():
        for order, (kind, text) in enumerate(DEFAULT_QUESTIONS):
            EvaluationQuestion.objects.get_or_create(
                page=gathering, text=text, defaults={"kind": kind, "sort_order": order}
            )
    return list(gathering.evaluation_questions.select_related("agenda_item"))


def _answered(invitation, now):
    """Mark the invitation answered, once; under a row lock against a double submit."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.answered_at is not None:
        raise AlreadyAnswered
    locked.answered_at = now
    locked.save(update_fields=["answered_at"])


def save_evaluation(invitation, answers, now=None):
    """Store the answers ({question: score or text}) without a link to the person."""
    now = now or timezone.now()
    gathering = invitation.registration.gathering
    with transaction.atomic():
        _answered(invitation, now)
        response = EvaluationResponse.objects.create(
            gathering=gathering, submitted_on=timezone.localdate(now)
        )
        EvaluationAnswer.objects.bulk_create(
            EvaluationAnswer(
                response=response,
                question=question,
                score=value if question.kind == QuestionKind.SCALE else None,
                text=value if question.kind == QuestionKind.TEXT else "",
            )
            for question, value in answers.items()
            if value not in (None, "")
        )
    return response


def summary(gathering):
    """Per question: the number of answers, the average and spread of scores, and for
    free-text questions the texts (organisers only)."""
    rows = []
    responses = gathering.evaluation_responses.count()
    for question in gathering.evaluation_questions.select_related("agenda_item"):
        answers = question.answers.all()
        row = {"question": question, "count": answers.count()}
        if question.kind == QuestionKind.SCALE:
            scores = answers.filter(score__isnull=False)
            row["average"] = scores.aggregate(average=Avg("score"))["average"]
            counts = dict(
                scores.values_list("score").annotate(n=Count("pk")).order_by()
            )
            row["distribution"] = [
                (score, counts.get(score, 0)) for score in range(1, 6)
            ]
        else:
            row["texts"] = list(answers.exclude(text="").values_list("text", flat=True))
        rows.append(row)
    return {"responses": responses, "questions": rows}


# --- the follow-up ---


def _free_slug(parent, title):
    base = norwegian_slugify(title)[:60].strip("-") or "erfaring"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def save_followup(invitation, data, now=None):
    """The answer as a draft experience article below the participant's municipality."""
    from learning.models import ExperienceArticlePage

    now = now or timezone.now()
    registration = invitation.registration
    gathering = registration.gathering
    municipality = registration.municipality.specific
    with transaction.atomic():
        _answered(invitation, now)
        # The instruction is a note beside the draft, not its text: it cannot be
        # published by accident (learning.models.FollowUpNotePanel).
        note = (
            f"Fra oppfølgingen av samlingen «{gathering.title}» "
            f"({timezone.localtime(gathering.start):%d.%m.%Y}). Gjør teksten ferdig, "
            "bekreft at ingen kan kjennes igjen, og send den til godkjenning."
        )
        article = ExperienceArticlePage(
            title=data["title"],
            slug=_free_slug(municipality, data["title"]),
            intro=data["tried"][:300],
            date=timezone.localdate(now),
            live=False,
            followup_note=note,
            body=[
                ("heading", {"text": "Dette prøvde vi", "level": "h2"}),
                ("paragraph", RichText(_paragraphs(data["tried"]))),
                ("heading", {"text": "Dette skjedde", "level": "h2"}),
                ("paragraph", RichText(_paragraphs(data["happened"]))),
            ],
        )
        municipality.add_child(instance=article)
        article.save_revision(log_action=True)
        followup = FollowUp.objects.create(
            gathering=gathering,
            municipality=municipality,
            article=article,
            contact_name=registration.name if data["may_contact"] else "",
            contact_email=registration.email if data["may_contact"] else "",
        )
        moderation.announce_followup_draft(article, municipality)
    return followup


def _paragraphs(text):
    from django.utils.html import escape

    parts = [part.strip() for part in text.replace("\r", "").split("\n\n")]
    return "".join(
        "<p>" + escape(part).replace("\n", "<br>") + "</p>" for part in parts if part
    )


def articles_from(gathering):
    """The live experience articles that came from a gathering's follow-up."""
    from learning.models import ExperienceArticlePage

    return (
        ExperienceArticlePage.objects.live()
        .filter(public_pages.public())
        .filter(pk__in=FollowUp.objects.filter(gathering=gathering).values("article"))
        .select_related("municipality")
        .order_by("-first_published_at")
    )
