"""Group registration: a municipal coordinator registers several colleagues at once.

Each colleague is booked one by one (``booking.register``), as if they had sent the
form themselves: the seats, the limit per municipality and the waiting list apply
person by person. Each gets the e-mail to confirm their own address, then their own
confirmation, link and calendar file, and may cancel alone. The coordinator gets the
link to the group's page, which shows each colleague's name and where they stand –
nothing they did not type themselves.

An address already registered is answered as on the single form: its owner gets their
link again, and the group does not take it over (knowing an address never opens a
registration).
"""

from urllib.parse import urljoin

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from events import booking, limits
from events.forms import (
    NAME_MAX_LENGTH,
    MunicipalityChoiceField,
    PublicForm,
    clean_name,
)
from events.models import (
    Attendance,
    GatheringPage,
    Participation,
    RegistrationGroup,
    RegistrationStatus,
)
from events.views import private, well_formed
from portal import outbox, public_pages
from portal.limits import minutes_text
from portal.models import MunicipalityPage

MOST_COLLEAGUES = 20
ROWS_SHOWN = 5


class CoordinatorForm(PublicForm):
    """Who registers the group, for which municipality."""

    signer = signing.TimestampSigner(salt="events.group-form")
    spam_message = gettext_lazy(
        "Påmeldingen ble stoppet av spamfilteret. Ta kontakt med arrangøren."
    )

    coordinator_name = forms.CharField(
        label=gettext_lazy("Ditt navn"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": gettext_lazy("Skriv navnet ditt.")},
    )
    coordinator_email = forms.EmailField(
        label=gettext_lazy("Din e-post"),
        max_length=254,
        help_text=gettext_lazy("Hit sender vi lenken til gruppens side."),
        error_messages={"required": gettext_lazy("Skriv e-postadressen din.")},
    )
    municipality = MunicipalityChoiceField(
        label=gettext_lazy("Programkommune"),
        queryset=MunicipalityPage.objects.none(),
        empty_label=gettext_lazy("Velg kommune"),
        error_messages={"required": gettext_lazy("Velg kommunen dere kommer fra.")},
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "Kollegene vet at jeg melder dem på, og at navn og e-post lagres til "
            "samlingen er over"
        ),
        error_messages={
            "required": gettext_lazy("Bekreft at kollegene vet at du melder dem på.")
        },
    )

    def clean_coordinator_name(self):
        return clean_name(self.cleaned_data["coordinator_name"])


class ColleagueForm(forms.Form):
    """One colleague: a row left empty is no one."""

    name = forms.CharField(
        label=gettext_lazy("Navn"), max_length=NAME_MAX_LENGTH, required=False
    )
    email = forms.EmailField(label=gettext_lazy("E-post"), required=False)
    participation = forms.ChoiceField(
        label=gettext_lazy("Deltar"),
        choices=Participation.choices,
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Velg på stedet eller digitalt.")
        },
    )
    dietary_needs = forms.CharField(
        label=gettext_lazy("Spesialkost (valgfritt)"), max_length=300, required=False
    )

    def __init__(self, *args, hybrid=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not hybrid:
            del self.fields["participation"]

    def clean(self):
        data = super().clean()
        name, email = data.get("name", ""), data.get("email", "")
        if not (name or email):
            return data
        if not name:
            self.add_error("name", _("Skriv navnet på kollegaen."))
        else:
            try:
                data["name"] = clean_name(name)
            except forms.ValidationError as error:
                self.add_error("name", error)
        if not email and "email" not in self.errors:
            self.add_error("email", _("Skriv e-postadressen til kollegaen."))
        if "participation" in self.fields and not data.get("participation"):
            self.add_error(
                "participation", _("Velg om kollegaen deltar på stedet eller digitalt.")
            )
        return data

    @property
    def is_someone(self):
        return bool(self.cleaned_data.get("name") or self.cleaned_data.get("email"))


class BaseColleagues(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        people = [form for form in self.forms if form.is_someone]
        if not people:
            raise forms.ValidationError(_("Skriv inn minst én kollega."))
        addresses = [form.cleaned_data["email"].strip().lower() for form in people]
        if len(set(addresses)) != len(addresses):
            raise forms.ValidationError(_("Hver kollega må ha sin egen e-postadresse."))


Colleagues = forms.formset_factory(
    ColleagueForm,
    formset=BaseColleagues,
    extra=ROWS_SHOWN,
    max_num=MOST_COLLEAGUES,
    absolute_max=MOST_COLLEAGUES,
    validate_max=True,
)


def _gathering(gathering_id):
    return get_object_or_404(
        GatheringPage.objects.live().filter(public_pages.public()), pk=gathering_id
    )


@private
@require_http_methods(["GET", "POST"])
def group_form(request, gathering_id):
    """GET shows the form while the gathering takes registrations; POST books each
    colleague and sends the coordinator the group's link."""
    gathering = _gathering(gathering_id)
    hybrid = gathering.attendance == Attendance.HYBRID
    data = request.POST if request.method == "POST" else None
    form = CoordinatorForm(data)
    colleagues = Colleagues(data, prefix="kollega", form_kwargs={"hybrid": hybrid})
    errors = []
    status = 200
    if not gathering.accepts_registrations():
        errors.append(_("Samlingen tar ikke imot påmeldinger nå."))
    elif data is not None:
        if form.is_valid() and colleagues.is_valid():
            result = _register(request, gathering, form, colleagues)
            if isinstance(result, RegistrationGroup):
                return redirect("registration_group", token=result.token)
            errors.append(result)
        status = 400
    return render(
        request,
        "events/group_form.html",
        {
            "gathering": gathering,
            "form": form,
            "colleagues": colleagues,
            "errors": errors,
            "hybrid": hybrid,
            "most": MOST_COLLEAGUES,
            "breadcrumb_title": _("Meld på flere"),
        },
        status=status,
    )


def _register(request, gathering, form, colleagues):
    """Book every colleague; the group, or the message why nothing was booked."""
    people = [row.cleaned_data for row in colleagues.forms if row.is_someone]
    # Every e-mail counts, as from the single form: all are taken, or none.
    costs = [
        cost
        for person in people
        for cost in limits.email_costs(
            request, recipient=person["email"], gathering=gathering
        )
    ]
    costs += limits.email_costs(
        request, recipient=form.cleaned_data["coordinator_email"], gathering=gathering
    )
    if wait := limits.take(costs):
        return _("For mange påmeldinger på kort tid. Prøv igjen om %(minutes)s.") % {
            "minutes": minutes_text(wait)
        }
    language = translation.get_language() or settings.LANGUAGE_CODE
    group = RegistrationGroup.objects.create(
        gathering=gathering,
        coordinator_name=form.cleaned_data["coordinator_name"],
        coordinator_email=form.cleaned_data["coordinator_email"].strip().lower(),
        municipality=form.cleaned_data["municipality"],
        language=language,
    )
    for person in people:
        try:
            booking.register(
                gathering,
                name=person["name"],
                email=person["email"],
                municipality=group.municipality,
                participation=person.get("participation", ""),
                dietary_needs=person.get("dietary_needs", ""),
                group=group,
                consent=True,
                language=language,
            )
        except booking.BookingError:
            # Closed or full meanwhile: the group's page shows who got in.
            continue
    transaction.on_commit(lambda: send_link(group), robust=True)
    return group


def _link_message(group):
    """The coordinator's e-mail with the group's link, in the standard they wrote in."""
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"
    with translation.override(group.language):
        return EmailMessage(
            subject=_("Gruppepåmeldingen din til %(title)s")
            % {"title": group.gathering.title},
            body=_(
                "Hei %(name)s,\n\nDu har meldt på kolleger til %(title)s. Hver av "
                "dem har fått en e-post og bekrefter sin egen påmelding; først da er "
                "de påmeldt.\n\nHer ser du hvordan det står til med gruppen:\n"
                "%(url)s\n\nHilsen\n%(organiser)s\nBoligsosialt velferdsprogram\n"
            )
            % {
                "name": group.coordinator_name,
                "title": group.gathering.title,
                "url": urljoin(base_url, group.get_absolute_url()),
                "organiser": group.gathering.organiser,
            },
            to=[group.coordinator_email],
        )


def send_link(group):
    """Send the coordinator the group's link now (``portal.outbox``: a failure is
    tried again by ``send_notifications``); True when sent."""
    return outbox.deliver(
        group, RegistrationGroup.objects.all(), lambda: _link_message(group)
    )


def send_pending_links():
    """Try every group link whose next attempt is due; (sent, failed, given_up)."""
    due = outbox.due(RegistrationGroup.objects.filter(sent_at__isnull=True))
    return outbox.send_due(due.select_related("gathering"), send_link)


@private
@require_GET
def group_detail(request, token):
    """The coordinator's page: each colleague's name and where they stand."""
    if not well_formed(token):
        raise Http404
    group = get_object_or_404(
        RegistrationGroup.objects.select_related("gathering"), token=token
    )
    members = group.members.filter(anonymised_at__isnull=True).order_by("name")
    return render(
        request,
        "events/group_detail.html",
        {
            "group": group,
            "gathering": group.gathering,
            "members": members,
            "cancelled": RegistrationStatus.CANCELLED,
            "breadcrumb_title": _("Gruppens påmeldinger"),
            "single_url": reverse("registration_sent", args=[group.gathering.pk]),
        },
    )
