"""The admin's forms for the gatherings' pages (``base_form_class``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext

from events.agenda import agenda_problems
from portal.page_forms import PortalPageForm


class GatheringPageForm(PortalPageForm):
    """Checks the agenda against the gathering's times before anything is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An evaluation question may be about one of this gathering's agenda items,
        # never another gathering's.
        formset = self.formsets.get("evaluation_questions")
        if formset is not None:
            own = formset.form.base_fields["agenda_item"].queryset.filter(
                page_id=self.instance.pk or 0
            )

            class QuestionForm(formset.form):
                def __init__(self, *args, **kwargs):
                    super().__init__(*args, **kwargs)
                    self.fields["agenda_item"].queryset = own

            # Every form the formset makes from now on, the empty one included.
            formset.form = QuestionForm

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("agenda_items")
        if formset is None or not formset.is_valid():
            return cleaned_data
        forms = [
            form
            for form in formset.ordered_forms or formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        items = [
            (
                form.cleaned_data.get("start"),
                form.cleaned_data.get("end"),
                form.cleaned_data.get("title"),
            )
            for form in forms
        ]
        for position, message in agenda_problems(
            cleaned_data.get("start"), cleaned_data.get("end"), items
        ):
            forms[position].add_error("start", message)
        return cleaned_data


class GatheringReportPageForm(PortalPageForm):
    """A report can be drafted ahead, but not published before its gathering starts,
    nor with a recording that has no captions."""

    def _require_captions(self):
        recordings = self.cleaned_data.get("recordings") or []
        if any(not block.value["captioned"] for block in recordings):
            # Before the form's fields: a stream's own errors are its blocks'.
            self.add_error(
                None,
                gettext(
                    "Opptaket må ha teksting før rapporten kan publiseres. Lagre "
                    "rapporten som utkast til tekstingen er på plass."
                ),
            )

    def clean(self):
        cleaned_data = super().clean()
        if "action-publish" not in self.data:
            return cleaned_data
        self._require_captions()
        gathering = (self.parent_page or self.instance.get_parent()).specific
        if timezone.now() < gathering.start:
            start = timezone.localtime(gathering.start)
            raise forms.ValidationError(
                gettext(
                    "Rapporten kan ikke publiseres før samlingen har startet "
                    "(%(date)s kl. %(time)s). Lagre den som utkast, og "
                    "publiser den når samlingen er i gang eller over."
                )
                % {"date": f"{start:%d.%m.%Y}", "time": f"{start:%H:%M}"}
            )
        return cleaned_data
