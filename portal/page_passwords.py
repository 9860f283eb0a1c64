"""Page passwords, held to limits like account passwords.

An editor can keep a part of the site behind a shared password (Wagtail's
``PageViewRestriction``), checked at ``/_util/authenticate_with_password/…``. Wagtail
lets anyone try it as often as they like. Here each attempt is counted per client and
per restriction before the password is looked at (``Limit.take``), and a right password
gives its attempt back, so only failures count; once a limit is used up the form says
when to try again, with 429, and the password is not checked.
"""

from django.conf import settings
from django.forms.utils import ErrorDict, ErrorList
from django.shortcuts import get_object_or_404
from django.urls import reverse
from wagtail import views as wagtail_views
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction

from portal.clients import client_ip
from portal.limits import Limit, take_all
from portal.two_factor.throttle import refusal


def _checks(request, restriction_id):
    client = Limit.from_setting(
        "page-password-client", settings.PAGE_PASSWORD_LIMIT_PER_CLIENT
    )
    restriction = Limit.from_setting(
        "page-password-restriction", settings.PAGE_PASSWORD_LIMIT_PER_RESTRICTION
    )
    return [(client, client_ip(request)), (restriction, restriction_id)]


def _refused(request, restriction_id, page_id, seconds):
    restriction = get_object_or_404(PageViewRestriction, id=restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    form = PasswordViewRestrictionForm(request.POST, instance=restriction)
    form.cleaned_data = {}
    form._errors = ErrorDict({"password": ErrorList([refusal(seconds)])})
    action_url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.id, page.id]
    )
    response = page.serve_password_required_response(request, form, action_url)
    response.status_code = 429
    response["Retry-After"] = str(seconds)
    return response


def authenticate_with_password(request, page_view_restriction_id, page_id):
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(
            request, page_view_restriction_id, page_id
        )
    checks = _checks(request, page_view_restriction_id)
    seconds = take_all(checks)
    if seconds:
        return _refused(request, page_view_restriction_id, page_id, seconds)
    response = wagtail_views.authenticate_with_password(
        request, page_view_restriction_id, page_id
    )
    if response.status_code in (301, 302):  # the password was right
        for limit, key in checks:
            limit.give_back(key)
    return response
