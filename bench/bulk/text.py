"""Bokmål text for generated content, composed from the programme's own vocabulary.

``python -m bench.bulk`` needs thousands of experience articles, good
practices, presentations and gatherings that read like the real thing: a title, an
intro and a few paragraphs about one theme, one measure and one target group, in one
municipality. ``Writer`` composes them from the phrases below with a seeded
``random.Random``, so the same seed always gives the same text.

Themes are the demo's tags (demo/content/vocabularies.yaml, which the bulk content
needs); each has measures (what a municipality did, as a noun phrase) and results (what
changed for people).
"""

MEASURES = {
    "Gjennomstrømning": [
        "individuelle planer for å flytte videre fra kommunal bolig",
        "tidsbestemte leiekontrakter med oppfølging",
        "startlån til leietakere i kommunale boliger",
        "en boligkarriere-samtale hvert år",
        "leie-til-eie-avtaler for barnefamilier",
    ],
    "Private utleiere": [
        "faste avtaler med private utleiere",
        "en kontaktperson i kommunen for private utleiere",
        "kommunal garanti for depositum",
        "framleie av private boliger gjennom kommunen",
        "et utleiernettverk med faste møter",
    ],
    "Bostedsløse": [
        "Housing First for bostedsløse med store hjelpebehov",
        "en kartlegging av alle bostedsløse i kommunen",
        "akuttboliger med oppfølging fra første dag",
        "et eget team for bostedsløse",
        "tidlig varsel om fare for utkastelse",
    ],
    "Rus og psykisk helse": [
        "et ACT-team for personer med rus og psykiske lidelser",
        "bofellesskap med bemanning døgnet rundt",
        "et FACT-team i samarbeid med spesialisthelsetjenesten",
        "miljøarbeidere som følger opp i hjemmet",
        "en felles inntaksgruppe for rus og psykisk helse",
    ],
    "Oppfølging i hjemmet": [
        "boveiledere som følger opp leietakerne i hjemmet",
        "et ambulerende oppfølgingsteam",
        "økonomisk rådgivning for leietakere",
        "faste hjemmebesøk de første månedene",
        "en oppfølgingsavtale ved innflytting",
    ],
    "Brukerplan": [
        "en årlig kartlegging med Brukerplan",
        "Brukerplan som grunnlag for boligplanen",
        "Brukerplan-tall i tjenesteplanleggingen",
        "en felles gjennomgang av Brukerplan-resultatene",
    ],
    "Samordning": [
        "et tverrfaglig boligteam",
        "én dør inn for boligsøkere",
        "en felles boligsosial handlingsplan",
        "faste samarbeidsmøter mellom NAV og boligkontoret",
        "en boligkoordinator på tvers av enhetene",
    ],
    "Husbankens virkemidler": [
        "aktiv bruk av startlån",
        "tilskudd til utleieboliger",
        "tilskudd til tilpasning av bolig",
        "grunnlån til nye kommunale utleieboliger",
        "bostøtte som en del av boligøkonomien",
    ],
    "Programarbeid": [
        "en bred programgruppe",
        "en egen programkoordinator",
        "forankring i kommuneplanen",
        "en årlig rapport til kommunestyret",
        "erfaringsdeling med andre programkommuner",
    ],
}

# The demo's themes, which generated pages are tagged with.
THEMES = list(MEASURES)

RESULTS = [
    "færre bor i midlertidige botilbud",
    "flere leietakere har flyttet videre til egen bolig",
    "færre utkastelser",
    "kortere ventetid på kommunal bolig",
    "flere barnefamilier bor stabilt",
    "flere beholder boligen det første året",
    "færre må flytte ofte",
    "flere har fått en bolig som passer",
    "færre saker blir liggende mellom enhetene",
    "flere unge har kommet i arbeid eller utdanning",
]

GROUPS = [
    "bostedsløse",
    "personer med rusproblemer",
    "personer med psykiske lidelser",
    "barnefamilier med lav inntekt",
    "unge under 25 år",
    "flyktninger som skal bosettes",
    "personer med nedsatt funksjonsevne",
    "eldre som trenger en tilrettelagt bolig",
    "leietakere i kommunale boliger",
]

PARTNERS = [
    "NAV",
    "rustjenesten",
    "psykisk helsetjeneste",
    "eiendomsavdelingen",
    "boligkontoret",
    "barneverntjenesten",
    "flyktningtjenesten",
    "hjemmetjenesten",
    "frivillige organisasjoner",
    "spesialisthelsetjenesten",
    "private utleiere",
    "Husbanken",
]

ARTICLE_TITLES = [
    "Det vi lærte av {measure}",
    "Slik fikk vi til {measure}",
    "{Measure}: erfaringer fra de første årene",
    "{Measure} – hva virket, og hva ville vi gjort annerledes?",
    "Da vi satset på {measure}",
    "Erfaringer med {measure} for {group}",
    "Fra idé til drift: {measure}",
    "Tre år med {measure}",
]

PRACTICE_TITLES = [
    "{Measure} gir resultater",
    "{Measure} for {group}",
    "{Measure}: {result}",
    "{Measure} som fast arbeidsmåte",
]

HEADINGS = [
    "Bakgrunnen",
    "Hvorfor vi begynte",
    "Slik gjorde vi det",
    "Hva vi fikk til",
    "Dette var vanskelig",
    "Samarbeidet",
    "Hva det kostet",
    "Råd til andre kommuner",
    "Veien videre",
    "Hva tallene viser",
]

# Slots: {municipality} (name), {measure}, {group}, {partner}, {other}, {result},
# {number}, {year}, {theme} (lower case).
SENTENCES = [
    "I {municipality} kommune så vi at {group} ofte ble sendt fra kontor til kontor.",
    "Vi begynte med {measure} i {year}, etter en gjennomgang av hvem som sto uten "
    "bolig.",
    "Arbeidet ble organisert i et samarbeid mellom {partner} og {other}.",
    "Det viktigste grepet var å se bolig og oppfølging i sammenheng.",
    "Etter to år ser vi at {result}.",
    "Tallene er små, men endringen for hver enkelt er stor.",
    "{number} husstander har fått hjelp gjennom tiltaket så langt.",
    "Vi måtte bruke mer tid enn planlagt på å få alle enhetene med.",
    "Husbankens virkemidler gjorde det mulig å skaffe flere boliger raskere.",
    "Med bostøtten regnet med ble husleien overkommelig for de fleste.",
    "Mange i målgruppen ønsker seg et eget sted å bo, men trenger hjelp til å klare "
    "boforholdet.",
    "Erfaringene fra andre programkommuner sparte oss for mange omveier.",
    "På fagsamlingene fikk vi ideer vi kunne prøve ut hjemme.",
    "Vi har lært at {theme} må forankres i ledelsen, ikke bare hos ildsjelene.",
    "Brukerne har vært med på å forme tiltaket fra starten.",
    "Det som virket, var faste kontaktpersoner og korte beslutningsveier.",
    "Utgiftene til midlertidig botilbud har gått ned siden {year}.",
    "Et fast møtepunkt hver uke gjorde at sakene ikke ble liggende.",
    "Vi anbefaler å starte i det små og utvide når arbeidsformen sitter.",
    "Samarbeidet med {partner} er nå en del av den vanlige driften.",
    "Oppfølging i hjemmet de første månedene avgjør om boforholdet varer.",
    "For {group} betyr en trygg bolig også bedre helse og mer stabil hverdag.",
    "Kommunen har satt seg som mål at ingen skal bo i midlertidig botilbud over "
    "tre måneder.",
    "Vi følger utviklingen med Brukerplan og egne tall hvert år.",
    "Ikke alt gikk etter planen: noen leieforhold ble avsluttet tidlig.",
    "Det hjalp å ha en programkoordinator som kjente alle enhetene.",
    "Private utleiere var mer villige enn vi trodde, når de fikk en fast kontakt.",
    "Leietakerne forteller at de føler seg tryggere når noen følger opp.",
]

QUOTES = [
    "Det var første gang noen spurte meg hva jeg selv ønsket.",
    "Nå har jeg en nøkkel som er min.",
    "Vi jobber ikke lenger hver for oss – vi snakker sammen om hver sak.",
    "Det er mennesker det handler om, ikke antall tiltak.",
    "Boligen er grunnmuren. Uten den faller alt annet.",
    "Vi hadde ikke klart dette uten samarbeidet med de andre kommunene.",
]

QUOTE_BY = [
    "leietaker",
    "boveileder",
    "programkoordinator",
    "leder for boligkontoret",
    "NAV-veileder",
    "rådgiver i kommunen",
]

FIGURES = [
    ("Husstander i midlertidig botilbud over tre måneder", "husstander"),
    ("Bostedsløse i kommunen", "personer"),
    ("Utkastelser i kommunale boliger", "saker"),
    ("Leietakere som flyttet videre til egen bolig", "husstander"),
    ("Ventetid på kommunal bolig", "uker"),
    ("Barnefamilier i kommunale boliger", "familier"),
]


class Writer:
    """Composes one piece of content about one measure in one municipality.

    ``rng`` is a ``random.Random`` seeded for this piece, so its text never depends on
    what was generated before it.
    """

    def __init__(self, rng, municipality_name, theme):
        self.rng = rng
        self.theme = theme
        measure = rng.choice(MEASURES[theme])
        partner, other = rng.sample(PARTNERS, 2)
        self.slots = {
            "municipality": municipality_name,
            "measure": measure,
            "Measure": measure[0].upper() + measure[1:],
            "group": rng.choice(GROUPS),
            "partner": partner,
            "other": other,
            "result": rng.choice(RESULTS),
            "number": rng.randint(6, 140),
            "year": rng.randint(2014, 2025),
            "theme": theme.lower(),
        }

    def fill(self, template):
        return template.format(**self.slots)

    def title(self, templates):
        return self.fill(self.rng.choice(templates))[:255]

    def intro(self):
        return (
            f"{self.slots['municipality']} kommune forteller om "
            f"{self.slots['measure']} for {self.slots['group']}: "
            f"hvordan de gikk fram, og hva som endret seg."
        )

    def sentences(self, count):
        return [self.fill(text) for text in self.rng.sample(SENTENCES, count)]

    def html(self, count):
        """One paragraph of ``count`` sentences as rich text."""
        return f"<p>{' '.join(self.sentences(count))}</p>"

    def body(self, key_for):
        """StreamField data: headed paragraphs, sometimes a quote; stable block ids.

        ``key_for(position)`` gives each block's id.
        """
        blocks = []
        for heading in self.rng.sample(HEADINGS, self.rng.randint(2, 4)):
            blocks.append(
                {"type": "heading", "value": {"text": heading, "level": "h2"}}
            )
            blocks.append({"type": "paragraph", "value": self.html(3)})
        if self.rng.random() < 0.4:
            blocks.insert(
                2,
                {
                    "type": "quote",
                    "value": {
                        "quote": self.rng.choice(QUOTES),
                        "attribution": self.rng.choice(QUOTE_BY).capitalize(),
                    },
                },
            )
        return [
            {**block, "id": str(key_for(position))}
            for position, block in enumerate(blocks)
        ]

    def figures(self):
        """(indicator, unit, before, before year, after, after year) for a practice."""
        rows = []
        for indicator, unit in self.rng.sample(FIGURES, self.rng.randint(0, 2)):
            before_year = self.rng.randint(2013, 2020)
            before = self.rng.randint(10, 120)
            after = max(0, before - self.rng.randint(3, before))
            rows.append((indicator, unit, before, before_year, after, before_year + 3))
        return rows
