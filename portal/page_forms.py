"""A page refers only to the images, documents and pages its editor may choose.

Wagtail's choosers offer only what the user may choose, but the page form saves any id
it is sent. A contributor could put another municipality's private image or document
(or another municipality's draft) into a page by its number, see it in the editor, and
have it published with the page. The form of every page (``BasePage``) checks each
image, document and page it would save – chooser fields, StreamField blocks, rich text
embeds and links, inline panels – against the user's choose permission. What the page
refers to already stays, whoever put it there.
"""

from django.core.exceptions import FieldDoesNotExist
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from portal import public_pages

NOT_CHOOSABLE = _(
    "Siden viser til {what} du ikke har tilgang til å velge. Feltet viser det som var "
    "lagret: gjør endringene i det på nytt."
)
WHAT = {"image": _("et bilde"), "document": _("et dokument"), "page": _("en side")}


def choosable_pages(user):
    """What the page chooser may offer: live public pages and those the user edits."""
    return Page.objects.live().filter(public_pages.public()) | (
        PagePermissionPolicy().instances_user_has_any_permission_for(
            user, {"add", "change", "publish"}
        )
    )


def _choosable(user, kind, ids):
    if kind == "page":
        found = choosable_pages(user)
    else:
        model = get_image_model() if kind == "image" else get_document_model()
        found = policy_registry.get_by_type(
            model
        ).instances_user_has_any_permission_for(user, ["choose"])
    return {str(pk) for pk in found.filter(pk__in=ids).values_list("pk", flat=True)}


def _kind(model):
    if issubclass(model, Page):
        return "page"
    if issubclass(model, get_image_model()):
        return "image"
    if issubclass(model, get_document_model()):
        return "document"
    return None


def _field_references(model, values):
    for name, value in values.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if value in (None, ""):
            continue
        if hasattr(field, "extract_references"):  # StreamField, rich text
            for to_model, object_id, *_ in field.extract_references(value):
                yield name, to_model, object_id
        elif field.many_to_one or field.one_to_one:
            yield name, field.related_model, getattr(value, "pk", value)
        elif field.many_to_many:
            for item in value:
                yield name, field.related_model, getattr(item, "pk", item)


def references(form, initial=False):
    """(form, field name, kind, id) of each image, document and page the form (or
    one of its inline forms) saves, or had at first."""
    values = form.initial if initial else form.cleaned_data
    for name, model, object_id in _field_references(form._meta.model, values):
        kind = _kind(model)
        if kind and str(object_id).isdigit():
            yield form, name, kind, str(object_id)
    for formset in getattr(form, "formsets", {}).values():
        if initial:
            children = formset.initial_forms
        elif formset.is_valid():
            children = [
                child
                for child in formset.forms
                if child.cleaned_data and not child.cleaned_data.get("DELETE")
            ]
        else:  # its own errors are shown
            children = []
        for child in children:
            yield from references(child, initial=initial)


class SavedValue(BoundField):
    """A field shown with what was saved, not with what was sent: sent back, a
    refused id would be shown by its chooser with the file's or page's title."""

    def value(self):
        return self.field.prepare_value(self.initial)


class PortalPageForm(WagtailAdminPageForm):
    """Wagtail's page form, refusing images, documents and pages the user may not choose."""

    def clean(self):
        cleaned_data = super().clean()
        had = {(kind, pk) for _, _, kind, pk in references(self, initial=True)}
        added = [ref for ref in references(self) if ref[2:] not in had]
        refused = set()
        for kind in ("image", "document", "page"):
            ids = {pk for _, _, added_kind, pk in added if added_kind == kind}
            not_choosable = ids - _choosable(self.for_user, kind, ids) if ids else ()
            if not_choosable:
                self.add_error(None, NOT_CHOOSABLE.format(what=WHAT[kind]))
                refused |= {(kind, pk) for pk in not_choosable}
        for form, name, kind, pk in added:
            if (kind, pk) in refused:
                form._bound_fields_cache[name] = SavedValue(
                    form, form.fields[name], name
                )
        return cleaned_data
