"""Alerts by e-mail: the double opt-in, what a digest holds, one-click unsubscribing,
the outbox's retries and bad input."""

import datetime
from io import StringIO
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from portal import alerts
from portal.models import (
    AlertEmail,
    Announcement,
    Follows,
    Frequency,
    Subscriber,
    Subscription,
)
from tests.events.factories import GatheringIndexPageFactory, GatheringPageFactory
from tests.events.test_notifications import closed_mail_server  # noqa: F401 (a fixture)
from tests.factories import TargetGroupFactory
from tests.learning.factories import (
    ExperienceArticlePageFactory,
    ExperienceIndexPageFactory,
    GoodPracticeIndexPageFactory,
    GoodPracticePageFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

ADDRESS = "kari.nordmann@karmoy.kommune.no"


# --- helpers and fixtures ---


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def path_of(url):
    return urlsplit(url).path


def form_data(client, **changes):
    started = soup(client.get(reverse("alert_subscribe"))).find(
        "input", {"name": "started"}
    )["value"]
    data = {
        "email": ADDRESS,
        "frequency": Frequency.WEEKLY,
        "website": "",
        "started": started,
    }
    data.update(changes)
    return data


@pytest.fixture
def subscribe(django_capture_on_commit_callbacks):
    """Send the form as a reader would; its e-mail goes once the request commits."""

    def send(client, **changes):
        data = form_data(client, **changes)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("alert_subscribe"), data)

    return send


def error_texts(response):
    summary = soup(response).find(class_="ds-error-summary")
    assert summary is not None, "no error summary"
    return [" ".join(item.get_text().split()) for item in summary.find_all("li")]


def confirmed(*choices, frequency=Frequency.WEEKLY, email=ADDRESS):
    """A subscriber who has confirmed, following ``choices``."""
    alerts.subscribe(email, list(choices), frequency, "nb")
    subscriber = Subscriber.objects.get(email=email)
    alerts.confirm(subscriber)
    return subscriber


def week_later(subscriber):
    """As if a week had passed since the subscriber's last digest."""
    Subscriber.objects.filter(pk=subscriber.pk).update(
        last_digest_at=timezone.now() - datetime.timedelta(days=8)
    )


def digest_titles(mailoutbox, subscriber_email=ADDRESS):
    digests = [
        m for m in mailoutbox if m.to == [subscriber_email] and "Nytt fra" in m.subject
    ]
    return [
        [
            line[2:].rsplit(" (", 1)[0]
            for line in m.body.splitlines()
            if line.startswith("- ")
        ]
        for m in digests
    ]


def send_due(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        alerts.make_digests()


@pytest.fixture
def site(home_page, municipality_index):
    karmoy = municipality("karmoy", municipality_index)
    return {
        "home": home_page,
        "karmoy": karmoy,
        "bodo": municipality("bodo", municipality_index),
        "experiences": ExperienceIndexPageFactory(parent=home_page),
        "practices": GoodPracticeIndexPageFactory(parent=home_page),
        "gatherings": GatheringIndexPageFactory(parent=home_page),
        "young": TargetGroupFactory(name="Unge"),
    }


def article(site, title, **fields):
    return ExperienceArticlePageFactory(
        parent=fields.pop("parent", site["experiences"]), title=title, **fields
    )


def practice(site, title, **fields):
    return GoodPracticePageFactory(
        parent=fields.pop("parent", site["practices"]), title=title, **fields
    )


def gathering(site, title):
    page = GatheringPageFactory(parent=site["gatherings"], title=title)
    page.save_revision().publish()
    return page


# --- subscribing: double opt-in ---


def test_the_form_asks_for_an_address_and_what_to_follow(client, site):
    article(site, "Bostøtte", tags=["bostøtte"])
    page = soup(client.get(reverse("alert_subscribe")))
    assert page.find("input", {"name": "email", "type": "email"})
    legends = [
        " ".join(legend.get_text().split()) for legend in page.find_all("legend")
    ]
    assert legends == [
        "Hva vil du ha varsel om?",
        "Temaer",
        "Målgrupper",
        "Kommuner",
        "Hvor ofte vil du ha e-post? (må fylles ut)",
    ]
    labels = [label.get_text(strip=True) for label in page.select("fieldset label")]
    assert {
        "Alt nytt i programmet",
        "Nye samlinger",
        "bostøtte",
        "Unge",
        "Karmøy",
    } <= set(labels)


def test_subscribing_stores_the_choices_and_sends_only_a_link_to_confirm(
    subscribe, client, site, mailoutbox
):
    response = subscribe(
        client,
        email="Kari.Nordmann@Karmoy.Kommune.no",
        gatherings="on",
        target_groups=[site["young"].pk],
        municipalities=[site["karmoy"].pk],
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("alert_sent")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == ADDRESS
    assert subscriber.confirmed_at is None
    assert sorted(s.follows for s in subscriber.subscriptions.all()) == [
        Follows.GATHERINGS,
        Follows.MUNICIPALITY,
        Follows.TARGET_GROUP,
    ]
    (message,) = mailoutbox
    assert message.to == [ADDRESS]
    assert message.subject == "Bekreft at du vil ha varsler fra Husbanken"
    manage_url = reverse("alert_manage", args=[subscriber.token])
    assert manage_url in message.body
    assert "List-Unsubscribe" not in message.extra_headers


def test_opening_the_link_confirms_nothing_the_button_does(
    subscribe, client, site, mailoutbox
):
    subscribe(client, everything="on")
    subscriber = Subscriber.objects.get()
    manage_url = reverse("alert_manage", args=[subscriber.token])
    page = client.get(manage_url)
    assert page["Cache-Control"] == "private, no-store"
    assert soup(page).select_one("main form button").get_text(strip=True) == (
        "Bekreft varslene"
    )
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None

    response = client.post(
        reverse("alert_confirm", args=[subscriber.token]), follow=True
    )
    assert "Takk! Du får nå varsler på e-post" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    again = client.post(reverse("alert_confirm", args=[subscriber.token]), follow=True)
    assert "Varslene var allerede bekreftet." in again.content.decode()


def test_knowing_an_address_never_changes_its_alerts(
    subscribe, client, site, mailoutbox
):
    subscriber = confirmed(alerts.Choice(Follows.GATHERINGS))
    mailoutbox.clear()
    subscribe(client, everything="on", frequency=Frequency.IMMEDIATE)
    subscriber.refresh_from_db()
    assert [s.follows for s in subscriber.subscriptions.all()] == [Follows.GATHERINGS]
    assert subscriber.frequency == Frequency.WEEKLY
    (message,) = mailoutbox
    assert message.subject == "Lenken til varslene dine fra Husbanken"
    assert reverse("alert_manage", args=[subscriber.token]) in message.body


def test_an_unconfirmed_address_may_choose_again(subscribe, client, site, mailoutbox):
    subscribe(client, gatherings="on")
    subscribe(client, everything="on")
    subscriber = Subscriber.objects.get()
    assert [s.follows for s in subscriber.subscriptions.all()] == [Follows.EVERYTHING]
    assert len(mailoutbox) == 2


def test_a_confirmed_subscriber_changes_what_it_follows(client, site):
    subscriber = confirmed(alerts.Choice(Follows.EVERYTHING))
    url = reverse("alert_manage", args=[subscriber.token])
    page = soup(client.get(url))
    assert page.find("input", {"name": "everything"}).has_attr("checked")
    response = client.post(
        url,
        {"themes": [], "municipalities": [site["bodo"].pk], "frequency": "immediate"},
        follow=True,
    )
    assert "Endringene er lagret." in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.frequency == Frequency.IMMEDIATE
    assert [(s.follows, s.municipality_id) for s in subscriber.subscriptions.all()] == [
        (Follows.MUNICIPALITY, site["bodo"].pk)
    ]


# --- bad input ---


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": ""}, "E-post: Skriv e-postadressen din."),
        (
            {"email": "kari@", "everything": "on"},
            "E-post: Skriv en gyldig e-postadresse, som navn@kommune.no.",
        ),
        (
            {"email": "k" * 250 + "@x.no", "everything": "on"},
            "E-post: E-postadressen kan ha høyst 254 tegn.",
        ),
        (
            {},
            "Velg minst én ting å følge: alt nytt, nye samlinger, et tema, en målgruppe "
            "eller en kommune.",
        ),
        (
            {"municipalities": ["99999999999999999999999"]},
            "Kommuner: Velg bare blant valgene som vises.",
        ),
        ({"themes": ["tema"]}, "Temaer: Velg bare blant valgene som vises."),
        ({"target_groups": ["\x00"]}, "Målgrupper: Velg bare blant valgene som vises."),
        (
            {"everything": "on", "frequency": "daily"},
            "Hvor ofte vil du ha e-post?: Velg hvor ofte du vil ha e-post.",
        ),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(
    subscribe, client, site, mailoutbox, changes, message
):
    response = subscribe(client, **changes)
    assert response.status_code == 400
    assert error_texts(response) == [message]
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_a_bot_filling_the_hidden_field_is_turned_away(
    subscribe, client, site, mailoutbox
):
    response = subscribe(client, everything="on", website="http://spam.example")
    assert error_texts(response) == ["Vi kunne ikke ta imot skjemaet. Prøv igjen."]
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("token", ["x" * 65, "ab%00cd", "æøå", "ukjent"])
def test_a_link_that_cannot_be_ours_is_not_found(client, token):
    assert client.get(f"/varsler/{token}/").status_code == 404
    assert client.post(f"/varsler/{token}/bekreft/").status_code == 404


def test_too_many_forms_for_one_address_are_refused(
    subscribe, client, site, settings, mailoutbox
):
    settings.ALERT_LIMIT_PER_RECIPIENT = (2, 3600)
    for _ in range(2):
        assert subscribe(client, everything="on").status_code == 302
    response = subscribe(client, everything="on")
    assert response.status_code == 429
    assert "Prøv igjen om" in response.content.decode()
    assert len(mailoutbox) == 2


# --- news and digests ---


def test_a_digest_lists_exactly_what_is_new_since_the_last_one(
    site, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = confirmed(
        alerts.Choice(
            Follows.THEME,
            theme_id=article(site, "Gammel", tags=["bostøtte"]).tags.get().pk,
        )
    )
    article(site, "Bostøtte for unge", tags=["bostøtte"])
    practice(site, "Bostøtte i praksis", tags=["bostøtte"])
    article(site, "Om noe annet", tags=["rus"])
    gathering(site, "Fagsamling i Bodø")
    send_due(django_capture_on_commit_callbacks)
    assert digest_titles(mailoutbox) == []  # not a week yet

    week_later(subscriber)
    send_due(django_capture_on_commit_callbacks)
    assert digest_titles(mailoutbox) == [["Bostøtte for unge", "Bostøtte i praksis"]]

    practice(site, "Bostøtte på nytt", tags=["bostøtte"])
    week_later(subscriber)
    send_due(django_capture_on_commit_callbacks)
    assert digest_titles(mailoutbox)[1:] == [["Bostøtte på nytt"]]

    week_later(subscriber)
    send_due(django_capture_on_commit_callbacks)
    assert len(digest_titles(mailoutbox)) == 2  # nothing new, nothing sent


@pytest.mark.parametrize(
    ("follows", "expected"),
    [
        ("everything", ["Unge i Karmøy", "Fagsamling i Bodø", "Rus i Bodø"]),
        ("gatherings", ["Fagsamling i Bodø"]),
        ("target_group", ["Unge i Karmøy"]),
        ("municipality", ["Rus i Bodø"]),
    ],
)
def test_each_kind_of_following(
    site, mailoutbox, django_capture_on_commit_callbacks, follows, expected
):
    choice = {
        "everything": alerts.Choice(Follows.EVERYTHING),
        "gatherings": alerts.Choice(Follows.GATHERINGS),
        "target_group": alerts.Choice(
            Follows.TARGET_GROUP, target_group_id=site["young"].pk
        ),
        "municipality": alerts.Choice(
            Follows.MUNICIPALITY, municipality_id=site["bodo"].pk
        ),
    }[follows]
    subscriber = confirmed(choice)
    article(site, "Unge i Karmøy", target_groups=[site["young"]], parent=site["karmoy"])
    gathering(site, "Fagsamling i Bodø")
    practice(site, "Rus i Bodø", parent=site["bodo"])
    week_later(subscriber)
    send_due(django_capture_on_commit_callbacks)
    assert digest_titles(mailoutbox) == [expected]


def test_a_page_published_again_is_announced_once(
    site, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = confirmed(alerts.Choice(Follows.EVERYTHING))
    page = article(site, "Publisert to ganger")
    page.unpublish()
    page.save_revision().publish()
    assert Announcement.objects.filter(page=page).count() == 1
    week_later(subscriber)
    send_due(django_capture_on_commit_callbacks)
    assert digest_titles(mailoutbox) == [["Publisert to ganger"]]
    page.unpublish()
    page.save_revision().publish()
    week_later(subscriber)
    send_due(django_capture_on_commit_callbacks)
    assert len(digest_titles(mailoutbox)) == 1


def test_nothing_is_sent_for_a_page_not_live_and_public(
    site, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = confirmed(alerts.Choice(Follows.EVERYTHING))
    hidden = ExperienceIndexPageFactory(
        parent=site["home"], title="Internt", slug="internt"
    )
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    article(site, "Bak innlogging", parent=hidden)
    article(site, "Utkast", live=False)
    withdrawn = article(site, "Trukket tilbake")
    withdrawn.unpublish()
    article(site, "Offentlig")
    week_later(subscriber)
    send_due(django_capture_on_commit_callbacks)
    assert digest_titles(mailoutbox) == [["Offentlig"]]


def test_a_digest_whose_pages_are_gone_before_it_is_sent_is_dropped(
    site,
    mailoutbox,
    closed_mail_server,  # noqa: F811
):
    subscriber = confirmed(alerts.Choice(Follows.EVERYTHING))
    page = article(site, "Kort levetid")
    week_later(subscriber)
    alerts.make_digests()
    email = AlertEmail.objects.get(kind="digest")
    page.unpublish()
    assert not alerts.deliver(email)
    assert not AlertEmail.objects.filter(kind="digest").exists()


def test_immediate_subscribers_hear_at_once(
    site, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed(alerts.Choice(Follows.GATHERINGS), frequency=Frequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        gathering(site, "Nettverkssamling i Tromsø")
    assert digest_titles(mailoutbox) == [["Nettverkssamling i Tromsø"]]


def test_the_digest_names_its_pages_with_their_addresses(
    site, mailoutbox, django_capture_on_commit_callbacks, settings
):
    subscriber = confirmed(alerts.Choice(Follows.EVERYTHING))
    page = article(site, "Bostøtte <og> mer")
    week_later(subscriber)
    send_due(django_capture_on_commit_callbacks)
    (message,) = [m for m in mailoutbox if "Nytt fra" in m.subject]
    assert message.subject == "Nytt fra Husbanken: Bostøtte <og> mer"
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert f"{base}{page.url}" in message.body
    html, _type = message.alternatives[0]
    assert "Bostøtte &lt;og&gt; mer" in html
    unsubscribe_url = f"{base}{reverse('alert_unsubscribe', args=[subscriber.token])}"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert unsubscribe_url in message.body


# --- unsubscribing and keeping no address longer than needed ---


def test_one_click_unsubscribe_from_a_mail_program(site, mailoutbox):
    subscriber = confirmed(alerts.Choice(Follows.EVERYTHING))
    AlertEmail.objects.create(subscriber=subscriber, kind="digest", pages=[1])
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        reverse("alert_unsubscribe", args=[subscriber.token]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()
    assert not AlertEmail.objects.exists()


def test_the_link_in_the_mail_asks_before_it_unsubscribes(client, site):
    subscriber = confirmed(alerts.Choice(Follows.EVERYTHING))
    url = reverse("alert_unsubscribe", args=[subscriber.token])
    page = soup(client.get(url))
    assert page.select_one("main form button").get_text(strip=True) == "Meld meg av"
    assert Subscriber.objects.exists()
    done = client.post(url)
    assert "Du får ingen flere varsler fra oss" in done.content.decode()
    assert not Subscriber.objects.exists()
    # The link again, after: a page saying so, not an error.
    assert client.post(url).status_code == 200
    assert client.get(url).status_code == 404


def test_addresses_never_confirmed_are_deleted_after_a_week(site, settings):
    alerts.subscribe(ADDRESS, [alerts.Choice(Follows.EVERYTHING)], "weekly", "nb")
    kept = confirmed(alerts.Choice(Follows.EVERYTHING), email="ola@bodo.kommune.no")
    Subscriber.objects.filter(confirmed_at__isnull=True).update(
        created_at=timezone.now()
        - datetime.timedelta(days=settings.ALERT_CONFIRM_DAYS, minutes=1)
    )
    out = StringIO()
    call_command("send_alerts", stdout=out)
    assert "unconfirmed addresses deleted: 1" in out.getvalue()
    assert list(Subscriber.objects.values_list("pk", flat=True)) == [kept.pk]


# --- the outbox ---


def test_a_mail_server_that_is_down_loses_no_alert(
    site,
    mailoutbox,
    closed_mail_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    subscriber = confirmed(alerts.Choice(Follows.EVERYTHING))
    article(site, "Mens serveren var nede")
    week_later(subscriber)
    send_due(django_capture_on_commit_callbacks)
    email = AlertEmail.objects.get(kind="digest")
    assert email.sent_at is None
    assert email.attempts == 1
    assert email.last_error.startswith("ConnectionRefusedError")
    assert email.next_attempt_at is not None

    closed_mail_server.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    AlertEmail.objects.update(next_attempt_at=timezone.now())
    out = StringIO()
    call_command("send_alerts", stdout=out)
    assert "e-mails sent: 1;" in out.getvalue(), out.getvalue()
    assert digest_titles(mailoutbox)[-1] == ["Mens serveren var nede"]


# --- the ways in, and themes that change ---


def test_a_topic_and_a_municipality_link_to_the_form_with_their_choice(client, site):
    page = article(site, "Bostøtte", tags=["Bostøtte"], parent=site["karmoy"])
    theme = page.tags.get()
    topic = soup(client.get(reverse("topic", args=[theme.slug])))
    link = topic.find("a", string="Få varsel på e-post om nytt om Bostøtte")
    form = soup(client.get(link["href"]))
    assert form.find("input", {"name": "themes", "value": str(theme.pk)}).has_attr(
        "checked"
    )
    assert not form.find("input", {"name": "everything"}).has_attr("checked")

    municipality_page = soup(client.get(site["karmoy"].url))
    link = municipality_page.find(
        "a", string="Få varsel på e-post om nye erfaringer og eksempler fra Karmøy"
    )
    form = soup(client.get(link["href"]))
    chosen = form.find(
        "input", {"name": "municipalities", "value": str(site["karmoy"].pk)}
    )
    assert chosen.has_attr("checked")


def test_a_retired_theme_cannot_be_followed(client, site):
    from learning import themes

    kept = article(site, "A", tags=["Bostøtte"]).tags.get()
    retired = article(site, "B", tags=["Rus"]).tags.get()
    themes.retire(retired)
    offered = soup(client.get(reverse("alert_subscribe"))).find_all(
        "input", {"name": "themes"}
    )
    assert [int(box["value"]) for box in offered] == [kept.pk]


def test_merging_two_themes_keeps_their_followers(site):
    from learning import themes

    source = article(site, "A", tags=["Bolig først"]).tags.get()
    target = article(site, "B", tags=["Housing first"]).tags.get()
    both = confirmed(
        alerts.Choice(Follows.THEME, theme_id=source.pk),
        alerts.Choice(Follows.THEME, theme_id=target.pk),
    )
    one = confirmed(
        alerts.Choice(Follows.THEME, theme_id=source.pk), email="ola@bodo.kommune.no"
    )
    themes.merge(source, target)
    assert [s.theme_id for s in both.subscriptions.all()] == [target.pk]
    assert [s.theme_id for s in one.subscriptions.all()] == [target.pk]


def test_a_reader_in_nynorsk_gets_the_e_mails_in_nynorsk(
    client, site, mailoutbox, django_capture_on_commit_callbacks
):
    started = soup(client.get("/nn/varsler/")).find("input", {"name": "started"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/nn/varsler/",
            {
                "email": ADDRESS,
                "everything": "on",
                "frequency": Frequency.WEEKLY,
                "website": "",
                "started": started["value"],
            },
        )
    assert response["Location"] == "/nn/varsler/sendt/"
    subscriber = Subscriber.objects.get()
    assert subscriber.language == "nn"
    (message,) = mailoutbox
    assert message.subject == "Stadfest at du vil ha varsel frå Husbanken"
    assert f"/nn/varsler/{subscriber.token}/" in message.body
    alerts.confirm(subscriber)
    article(site, "Bustader for unge")
    week_later(subscriber)
    with django_capture_on_commit_callbacks(execute=True):
        alerts.make_digests()
    digest = mailoutbox[-1]
    assert digest.subject == "Nytt frå Husbanken: Bustader for unge"
    assert "Dette er nytt sidan sist om det du følgjer:" in digest.body
