"""Events' own addresses: a registration's pages, the evaluation and follow-up after a
gathering, and a page's calendar file."""

from django.urls import path, re_path

from events import groups, loop_views, proposal_views, views

urlpatterns = [
    path(
        "pamelding/sendt/<int:gathering_id>/",
        views.registration_sent,
        name="registration_sent",
    ),
    path(
        "pamelding/gruppe/<str:token>/",
        groups.group_detail,
        name="registration_group",
    ),
    path(
        "samlinger-gruppe/<int:gathering_id>/",
        groups.group_form,
        name="group_form",
    ),
    path(
        "pamelding/<str:token>/",
        views.registration_detail,
        name="registration_detail",
    ),
    path(
        "pamelding/<str:token>/bekreft/",
        views.registration_confirm,
        name="registration_confirm",
    ),
    path(
        "pamelding/<str:token>/avmeld/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "pamelding/<str:token>/kursbevis.pdf",
        views.registration_certificate,
        name="registration_certificate",
    ),
    path(
        "pamelding/<str:token>/kalender.ics",
        views.registration_calendar,
        name="registration_calendar",
    ),
    path(
        "samlinger-forslag/<int:gathering_id>/",
        proposal_views.proposal_form,
        name="proposal_form",
    ),
    path(
        "samlinger-forslag/<int:gathering_id>/takk/",
        proposal_views.proposal_sent,
        name="proposal_sent",
    ),
    path("evaluering/<str:token>/", loop_views.evaluation, name="loop_evaluation"),
    path("oppfolging/<str:token>/", loop_views.followup, name="loop_followup"),
    path(
        "ingen-flere-eposter/<str:token>/",
        loop_views.opt_out,
        name="loop_opt_out",
    ),
    # <page url>kalender.ics: Wagtail's own pattern allows no dot, and this one matches
    # below any address, so it comes after the other apps' patterns (config.urls).
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)*)kalender\.ics$",
        views.page_calendar,
        name="page_calendar",
    ),
]
