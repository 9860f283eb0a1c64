"""What Wagtail's admin shows of things a user may not act on: nothing.

Wagtail's bulk action screens list, by title, the objects the user asked for but may
not act on («You don't have permission to delete these pages»), and its move
confirmation names the page and its destination before any permission is checked. Any
id typed into the address would show another municipality's draft, a page in
moderation or a private document's title. Here both answer at Wagtail's own
addresses (``portal_admin_url_overrides``):

- a bulk action lists only what the user may act on, and a page move's destination
  must be a page the user may add pages below (or it is not found);
- the move confirmation is 404 unless the user may move the page to the destination.
"""

from django.apps import apps
from django.http import Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.pages.move import MoveConfirmView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


class ActionableOnly:
    """A bulk action that keeps quiet about the objects the user may not act on."""

    def get_actionable_objects(self):
        objects, others = super().get_actionable_objects()
        # Wagtail would name each of them; they are simply left alone.
        return objects, {**others, "items_with_no_access": []}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        destination = form.fields.get("chooser")
        if destination is not None and self.model is Page:
            # A page move's destination: one the user may add pages below. Any other
            # is not found, rather than named by the re-rendered form.
            destination.queryset = (
                PagePermissionPolicy().instances_user_has_permission_for(
                    self.request.user, "add"
                )
            )
            chosen = form.data.get("chooser")
            if chosen and not (
                chosen.isdigit() and destination.queryset.filter(pk=chosen).exists()
            ):
                raise Http404
        return form


_actionable_classes = {}


def _actionable(action_class):
    if action_class not in _actionable_classes:
        _actionable_classes[action_class] = type(
            action_class.__name__, (ActionableOnly, action_class), {}
        )
    return _actionable_classes[action_class]


def bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk action dispatcher, with every action ``ActionableOnly``."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(
        app_label, model_name, action
    )
    if action_class is None:
        raise Http404
    return _actionable(action_class)(request, model).dispatch(request)


class PermittedMoveConfirmView(MoveConfirmView):
    """The move confirmation, for a move the user may make only."""

    def dispatch(self, request, page_to_move_id, destination_id, *args, **kwargs):
        page = Page.objects.filter(pk=page_to_move_id).first()
        destination = Page.objects.filter(pk=destination_id).first()
        if page is None or destination is None:
            raise Http404
        permissions = page.permissions_for_user(request.user)
        if not (permissions.can_move() and permissions.can_move_to(destination)):
            raise Http404
        return super().dispatch(
            request, page_to_move_id, destination_id, *args, **kwargs
        )


def url_overrides():
    def admin_view(view):
        return never_cache(require_admin_access(view))

    return [
        path(
            "bulk/<str:app_label>/<str:model_name>/<str:action>/",
            admin_view(bulk_action),
        ),
        path(
            "pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/",
            admin_view(PermittedMoveConfirmView.as_view()),
        ),
    ]
