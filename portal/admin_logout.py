"""Signing out of the admin takes a POST: another site cannot sign an editor out.

Wagtail's logout view runs Django's, which answers a GET with 405 and signs no one
out, but Wagtail then deletes the session cookie whatever the answer was: an image
on any web page pointing at /admin/logout/ signed editors out (and lost their work
in progress). Here a GET shows a button that posts, as the admin's own account menu
does, and only a POST reaches Wagtail's view. Routed at Wagtail's address and name
in ``config.urls``.
"""

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.admin.localization import get_localized_response
from wagtail.admin.views.account import LogoutView as WagtailLogoutView


def confirm(request):
    return TemplateResponse(request, "portal/admin/logout_confirm.html")


class LogoutView(WagtailLogoutView):
    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            return super().dispatch(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if not request.user.is_authenticated:
            return redirect("wagtailadmin_login")
        # In the user's own admin language, as Wagtail's admin views are.
        return get_localized_response(confirm, request)
