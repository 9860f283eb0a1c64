"""Demo gatherings in bokmål: the start-up gathering of the seven new programme
municipalities (past, with its programme, slides and report) and three upcoming
fagsamlinger. The participants of the upcoming ones are invented and use addresses
under ``.invalid`` so no e-mail can reach anyone.
"""

import datetime

from learning.demo_content import GATHERING_DATE
from portal.demo_content import fact_box, figure, heading, paragraph

INDEX = {
    "title": "Samlinger",
    "slug": "samlinger",
    "intro": (
        "Oppstartsamlinger, fagsamlinger og konferanser der programkommunene og "
        "Husbanken møtes for å lære av hverandre. Meld deg på kommende samlinger, eller "
        "les rapporter og last ned presentasjoner fra dem som er holdt."
    ),
}

STARTUP = {
    "title": "Oppstartsamling for nye programkommuner",
    "slug": "oppstartsamling-for-nye-programkommuner",
    "kind": "oppstartsamling",
    "date": GATHERING_DATE,
    "start": (10, 0),
    "end": (14, 30),
    "venue": "Husbanken region vest",
    "address": "Bergen",
    "region": "vest",
    "intro": (
        "De sju nye programkommunene møtte Husbanken og en tidligere programkommune for "
        "å bli kjent med programarbeidet og hverandre."
    ),
    "audience": "Programkoordinatorer og ledere i de nye programkommunene.",
    "themes": ["Programarbeid", "Samordning"],
    # (start, end, title, kind, speaker slugs, presentation slug)
    "agenda": [
        ((10, 0), (10, 15), "Velkommen", "talk", ["mabel-johansen"], None),
        (
            (10, 15),
            (11, 0),
            "Hva kan programmet bety for oss? Innspill fra de nye kommunene",
            "discussion",
            [],
            None,
        ),
        (
            (11, 0),
            (11, 45),
            "Programarbeid på kommunenes premisser",
            "talk",
            ["sverre-hoynes"],
            "programarbeid-pa-kommunenes-premisser",
        ),
        ((11, 45), (12, 30), "Lunsj", "meal", [], None),
        (
            (12, 30),
            (13, 15),
            "Hvem er de vanskeligstilte – og hva koster det å la være å hjelpe?",
            "talk",
            ["vibeke-johannessen"],
            "hvem-er-de-vanskeligstilte",
        ),
        (
            (13, 15),
            (13, 45),
            "Erfaringer fra Fjell kommune",
            "talk",
            ["cecilie-krohn"],
            "erfaringer-fra-fjell-kommune",
        ),
        ((13, 45), (14, 0), "Pause", "break", [], None),
        (
            (14, 0),
            (14, 30),
            "Oppsummering: Bruk Husbankens virkemidler aktivt",
            "talk",
            ["lars-marius-ulfrstad"],
            "bruk-husbankens-virkemidler-aktivt",
        ),
    ],
}

REPORT = {
    "title": "Sju nye kommuner klare for programarbeidet",
    "slug": "rapport",
    "intro": (
        "De nye programkommunene kom mange og med tydelige forventninger da Husbanken "
        "samlet dem til oppstart av Boligsosialt velferdsprogram."
    ),
    "body": [
        paragraph(
            "<p>Kommunene la ikke skjul på hva de håper å få ut av programmet: et nært "
            "og langvarig samarbeid med Husbanken, og at det boligsosiale arbeidet får en "
            "tydeligere plass i egen organisasjon. Flere pekte på et presset leiemarked "
            "der grupper av vanskeligstilte konkurrerer om de samme boligene.</p>"
        ),
        paragraph(
            "<p>Løsningen er ikke bare flere kommunale utleieboliger. Kommunene vil også "
            "få flere til å flytte videre fra dem, og inngå avtaler med private "
            "utleiere. Mange ønsket dessuten at statlige etater opptrer mer samlet i "
            "møte med kommunene.</p>"
        ),
        figure("coast", "Karmøy kommune stilte med en stor delegasjon."),
        heading("Kommunenes premisser"),
        paragraph(
            "<p>Programkoordinator Sverre Høynes beskrev programmet som et "
            "utviklingsarbeid der kommunene og Husbanken staker ut kursen sammen. "
            "Husbanken sørger for læringsarenaer, følger opp hver kommune og samler "
            "kunnskapen som vokser fram.</p>"
        ),
        heading("Hva koster det å la være?"),
        paragraph(
            "<p>Vibeke Johannessen fra programrådet viste hvem de vanskeligstilte er, og "
            "regnet på hva det koster samfunnet ikke å hjelpe. De fleste bostedsløse vil "
            "ha et eget hjem, men trenger hjelp og oppfølging for å klare å bo. Hun "
            "utfordret kommunene til å sette seg som mål at alle som er bostedsløse i "
            "dag, har fått bolig før programperioden er over, og anbefalte Brukerplan "
            "for å få oversikt.</p>"
        ),
        {
            "type": "quote",
            "value": {
                "quote": (
                    "Å lære av andre kommuner og møtes på fagsamlinger har vært noe av "
                    "det mest nyttige for oss."
                ),
                "attribution": "Cecilie Krohn, programkoordinator i Fjell kommune",
            },
        },
        fact_box(
            "Målet",
            "<p>Flere vanskeligstilte skal bo godt og trygt. Kommunene måles på endring "
            "for enkeltmennesker – ikke på hvor mange tiltak de setter i gang.</p>",
        ),
        paragraph(
            "<p>Regiondirektør Mabel Johansen ønsket velkommen, og avdelingsdirektør "
            "Lars-Marius Ulfrstad oppsummerte: Bruk Husbankens virkemidler aktivt, og "
            "regn på boligprosjektene. Når bostøtten tas med, gir virkemidlene som regel "
            "nok økonomi til nye kommunale utleieboliger.</p>"
        ),
    ],
}

# Upcoming gatherings, placed relative to the day the demo is first loaded.
UPCOMING = [
    {
        "title": "Fagsamling: Gjennomstrømning i kommunale utleieboliger",
        "slug": "fagsamling-gjennomstromning",
        "kind": "fagsamling",
        "days_ahead": 35,
        "start": (9, 30),
        "end": (15, 30),
        "venue": "Husbanken region vest",
        "address": "Bergen",
        "region": "vest",
        "capacity": 40,
        "confirmed": 9,
        "waiting": 0,
        "intro": (
            "Hvordan får flere flyttet videre fra kommunal bolig til en bolig de kan leie "
            "eller eie selv? Kommuner deler erfaringer, og Husbanken viser virkemidlene."
        ),
        "themes": ["Gjennomstrømning", "Husbankens virkemidler"],
    },
    {
        "title": "Fagsamling: Leieavtaler med private utleiere",
        "slug": "fagsamling-private-utleiere",
        "kind": "fagsamling",
        "days_ahead": 56,
        "start": (10, 0),
        "end": (15, 0),
        "venue": "Husbanken region øst",
        "address": "Oslo",
        "region": "ost",
        "capacity": 25,
        "confirmed": 23,
        "waiting": 0,
        "intro": (
            "Kommuner som leier boliger av private, forteller hva som skal til for at "
            "både leietaker og utleier er fornøyde."
        ),
        "themes": ["Private utleiere"],
    },
    {
        "title": "Nettverkssamling: Bolig først for bostedsløse med rusproblemer",
        "slug": "nettverkssamling-bolig-forst",
        "kind": "nettverkssamling",
        "days_ahead": 70,
        "start": (10, 0),
        "end": (14, 0),
        "venue": "Husbanken region Midt-Norge",
        "address": "Trondheim",
        "region": "midt",
        "capacity": 15,
        "confirmed": 15,
        "waiting": 3,
        "intro": (
            "Et nettverk for kommuner som vil gi bostedsløse med rusproblemer og psykiske "
            "lidelser en egen bolig først, med oppfølging i hjemmet."
        ),
        "themes": ["Bostedsløse", "Rus og psykisk helse", "Oppfølging i hjemmet"],
    },
]

# Gatherings held recently, relative to the day the demo is first loaded: one ended
# yesterday (``send_evaluations`` has work), one about three months ago
# (``send_followups`` has work). Their participants are marked as attended.
RECENT = [
    {
        "title": "Fagsamling: Boligsosiale handlingsplaner",
        "slug": "fagsamling-handlingsplaner",
        "kind": "fagsamling",
        "days_ago": 1,
        "start": (9, 30),
        "end": (15, 0),
        "venue": "Husbanken region sør",
        "address": "Arendal",
        "region": "sor",
        "capacity": 30,
        "attended": 8,
        "intro": (
            "Hvordan lager kommunen en boligsosial handlingsplan som faktisk blir brukt? "
            "Kommuner viste planene sine og hvordan de følger dem opp."
        ),
        "themes": ["Boligsosial planlegging"],
        "scores": [],
    },
    {
        "title": "Nettverkssamling: Oppfølging i hjemmet",
        "slug": "nettverkssamling-oppfolging-i-hjemmet",
        "kind": "nettverkssamling",
        "days_ago": 92,
        "start": (10, 0),
        "end": (15, 0),
        "venue": "Husbanken region nord",
        "address": "Bodø",
        "region": "nord",
        "capacity": 20,
        "attended": 6,
        "intro": (
            "Kommuner delte hvordan de følger opp leietakere som trenger hjelp til å bo, "
            "og hva som skal til for at oppfølgingen varer."
        ),
        "themes": ["Oppfølging i hjemmet"],
        # Example answers to its evaluation (anonymous), shown on its page.
        "scores": [5, 4, 4, 5, 3],
    },
]

ROLES = ["Programkoordinator", "Boligkonsulent", "Rådgiver", "Leder", "Miljøterapeut"]


def demo_participant(number):
    """An invented participant; ``.invalid`` addresses can never receive e-mail."""
    return {
        "name": f"Demodeltaker {number:02d}",
        "email": f"deltaker{number:02d}@demo.invalid",
        "role": ROLES[number % len(ROLES)],
    }


def day_ahead(today, days):
    return today + datetime.timedelta(days=days)


def day_ago(today, days):
    return today - datetime.timedelta(days=days)
