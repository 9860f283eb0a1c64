"""Learning's demo texts, in bokmål: experiences, good practices and presentations.

``learning.demo.build`` creates them through the portal's demo loader (``manage.py
load_demo_content``). The talks are those of the programme's start-up gathering as an
editor's report tells them; every sentence is written for the portal. The good
practices' before-and-after figures are invented: plausible orders of magnitude to show
the layout, not statistics. People are named only where the report makes the link
plausible (Fjell's programme coordinator for Fjell; the speakers for their talks).

Municipalities are named by their number (``"1246"`` is Fjell), people by their slug,
target groups and programme goals by their names in ``portal.demo_content``, good
practices by a ``key`` of their own (for «adapted from» and related practices).
"""

import datetime
from pathlib import Path

from portal.demo_content import fact_box, heading, paragraph

# --- The start-up gathering (oppstartsamling) where the talks were given ---

GATHERING_TITLE = "Oppstartsamling for nye programkommuner"
GATHERING_DATE = datetime.date(2014, 3, 12)

# --- Themes (tags). Their addresses are ASCII: «Bostedsløse» is /tema/bostedslose/ ---

GJENNOMSTROMNING = "Gjennomstrømning"
PRIVATE_UTLEIERE = "Private utleiere"
BOSTEDSLOSE = "Bostedsløse"
RUS_OG_PSYKISK_HELSE = "Rus og psykisk helse"
OPPFOLGING = "Oppfølging i hjemmet"
BRUKERPLAN = "Brukerplan"
SAMORDNING = "Samordning"
VIRKEMIDLER = "Husbankens virkemidler"
PROGRAMARBEID = "Programarbeid"

THEMES = [
    GJENNOMSTROMNING,
    PRIVATE_UTLEIERE,
    BOSTEDSLOSE,
    RUS_OG_PSYKISK_HELSE,
    OPPFOLGING,
    BRUKERPLAN,
    SAMORDNING,
    VIRKEMIDLER,
    PROGRAMARBEID,
]

# --- Target groups and programme goals, by their names in portal.demo_content ---

TG_BOSTEDSLOSE = "Bostedsløse"
TG_RUS = "Personer med rusproblemer og/eller psykiske lidelser"
TG_BARNEFAMILIER = "Barnefamilier"
TG_UNGE = "Unge"

GOAL_BO_GODT = "Flere vanskeligstilte skal bo godt og trygt"
GOAL_STED_A_BO = "Alle skal ha et godt sted å bo"
GOAL_MESTRE = "Alle med behov for tjenester skal få hjelp til å mestre boforholdet"
GOAL_HELHETLIG = "Den offentlige innsatsen skal være helhetlig og effektiv"

# --- The three lists, below the home page and in the main menu ---

INDEXES = [
    {
        "kind": "experiences",
        "slug": "erfaringer",
        "title": "Erfaringer",
        "intro": (
            "Programkommunene forteller hva de har prøvd i det boligsosiale arbeidet, "
            "hva som virket, og hva de ville gjort annerledes. Filtrer på tema, "
            "målgruppe, kommune, fylke og år."
        ),
    },
    {
        "kind": "practices",
        "slug": "gode-eksempler",
        "title": "Gode eksempler",
        "intro": (
            "Tiltak som har endret noe for folk, beskrevet på samme måte så de kan "
            "sammenlignes: utfordringen, hva kommunen gjorde, hva tallene viser, og hva "
            "som skal til for å gjøre det samme et annet sted."
        ),
    },
    {
        "kind": "presentations",
        "slug": "presentasjoner",
        "title": "Presentasjoner",
        "intro": (
            "Lysark fra samlinger og konferanser i Boligsosialt velferdsprogram, med "
            "foredragsholdere og temaer. Last dem ned og bruk dem i eget arbeid."
        ),
    },
]


# --- Good practices. ``municipality`` None: written by Husbanken below the index.
# Figures: (indicator, unit, before, before year, after, after year). A practice that
# is adapted from another comes after it in the list. ---

GOOD_PRACTICES = [
    {
        "key": "fjell-boligteam",
        "municipality": "1246",
        "slug": "tverrfaglig-boligteam",
        "title": "Tverrfaglig boligteam: én dør inn for den som trenger bolig",
        "date": datetime.date(2014, 5, 20),
        "intro": (
            "Fjell kommune samlet fagområdene som har en rolle i det boligsosiale "
            "arbeidet, i ett team. Den som trenger bolig og hjelp til å bo, møter ett "
            "sted og får ett svar."
        ),
        "problem": (
            "<p>Søknader om kommunal bolig, bostøtte, startlån og oppfølging ble "
            "behandlet av hver sin enhet. Søkerne ble sendt fra kontor til kontor, og "
            "ingen i kommunen hadde hele bildet av situasjonen deres.</p>"
        ),
        "measures": (
            "<ul>"
            "<li>Programgruppen fikk med seg NAV, helse og omsorg, rustjenesten, "
            "eiendom og plan.</li>"
            "<li>Et boligteam møtes hver uke og behandler søknader om bolig og "
            "oppfølging samlet.</li>"
            "<li>Hver søker får én kontaktperson som følger saken fra søknad til "
            "innflytting og de første månedene etterpå.</li>"
            "</ul>"
        ),
        "results": (
            "<p>Søkerne får svar raskere, og teamet oppdager tidligere hvem som står i "
            "fare for å miste boligen. Flere får oppfølging i hjemmet før det har gått "
            "galt.</p>"
        ),
        "resources": (
            "<p>Ingen nye stillinger: teamet er bygd av tid fra enhetene som er med. "
            "Erfaringer fra andre programkommuner og fra Husbankens fagsamlinger har "
            "vært viktige underveis.</p>"
        ),
        "transfer": (
            "<p>Ledelsen må sette av tid til teammøtene. Begynn med sakene der flere "
            "enheter allerede er inne, så blir nytten synlig raskt.</p>"
        ),
        "contact": "cecilie-krohn",
        "period_start": 2012,
        "period_end": None,
        "status": "established",
        "figures": [
            (
                "Søknader om kommunal bolig besvart innen fire uker",
                "prosent",
                40,
                2012,
                85,
                2014,
            ),
        ],
        "themes": [SAMORDNING, OPPFOLGING],
        "target_groups": [TG_BOSTEDSLOSE, TG_RUS],
        "goals": [GOAL_HELHETLIG, GOAL_MESTRE],
    },
    {
        "key": "karmoy-private-utleiere",
        # The municipality's results this practice moved (its results page).
        "outcomes": [("nye-utleieboliger", 2014, 2016)],
        "municipality": "1149",
        "slug": "avtaler-med-private-utleiere",
        "title": "Avtaler med private utleiere gir flere boliger å tildele",
        "date": datetime.date(2016, 1, 20),
        "intro": (
            "Karmøy kommune leier boliger av private utleiere og leier dem videre ut "
            "til vanskeligstilte. Utleierne får én kontaktperson i kommunen og trygghet "
            "for husleien."
        ),
        "problem": (
            "<p>Kommunen hadde for få kommunale utleieboliger, og ventetiden var lang. "
            "Samtidig sto private utleieboliger tomme i perioder, fordi utleierne var "
            "skeptiske til leietakere som hadde hatt det vanskelig på boligmarkedet "
            "før.</p>"
            "<p>Bostedsløse og barnefamilier med lav inntekt konkurrerte om de samme få "
            "boligene.</p>"
        ),
        "measures": (
            "<ul>"
            "<li>Kommunen kartla private utleiere i Kopervik og Åkrehamn og inviterte "
            "dem til et informasjonsmøte.</li>"
            "<li>Kommunen leier boligen for tre år av gangen og framleier den til "
            "husstanden som trenger den.</li>"
            "<li>Hver utleier har en fast kontaktperson i kommunen, som også svarer når "
            "noe går galt.</li>"
            "<li>Leietakerne får oppfølging i hjemmet de første månedene, og bostøtte "
            "søkes før innflytting.</li>"
            "</ul>"
        ),
        "results": (
            "<p>Kommunen disponerer langt flere boliger uten å ha bygd nytt, og "
            "ventelisten er kortere. Ingen av utleierne har sagt opp avtalen, og de "
            "fleste leietakerne har blitt boende.</p>"
        ),
        "resources": (
            "<p>En halv stilling i boligtjenesten til kontakten med utleierne. "
            "Bostøtte fra Husbanken for leietakerne, og kommunal garanti for husleie og "
            "skader.</p>"
        ),
        "transfer": (
            "<p>Utleierne må vite hvem de skal ringe, og få svar raskt. Avklar på "
            "forhånd hvem i kommunen som følger opp leietakeren, og hvem som har "
            "ansvaret for avtalen med utleieren.</p>"
        ),
        "contact": None,
        "period_start": 2014,
        "period_end": None,
        "status": "ongoing",
        "figures": [
            (
                "Boliger kommunen leier av private og leier ut til vanskeligstilte",
                "boliger",
                3,
                2014,
                14,
                2015,
            ),
            (
                "Husstander på venteliste til kommunal utleiebolig",
                "husstander",
                41,
                2014,
                27,
                2015,
            ),
        ],
        "themes": [PRIVATE_UTLEIERE, VIRKEMIDLER, BOSTEDSLOSE],
        "target_groups": [TG_BOSTEDSLOSE, TG_BARNEFAMILIER],
        "goals": [GOAL_STED_A_BO],
    },
    {
        "key": "haugesund-private-utleiere",
        "municipality": "1106",
        "slug": "private-utleiere-med-fast-kontaktperson",
        "title": "Private utleiere med fast kontaktperson i kommunen",
        "date": datetime.date(2016, 10, 12),
        "intro": (
            "Haugesund tok utgangspunkt i nabokommunen Karmøys avtaler med private "
            "utleiere og tilpasset dem til en by med mange små utleieboliger."
        ),
        "problem": (
            "<p>Mange små utleieboliger i og nær sentrum eies av private. Kommunen "
            "hadde få egne boliger å tilby, og flere ble boende lenge i midlertidige "
            "botilbud fordi ingen utleier ville leie ut til dem.</p>"
        ),
        "measures": (
            "<ul>"
            "<li>Boligkontoret besøkte Karmøy kommune og lærte av deres avtaler med "
            "private utleiere før oppstart.</li>"
            "<li>I stedet for å leie boligene selv gir kommunen utleieren en garanti "
            "for husleie og skader, og leietakeren skriver kontrakten direkte med "
            "utleieren.</li>"
            "<li>Utleieren har en fast kontaktperson i kommunen, og leietakeren får "
            "oppfølging i hjemmet så lenge det trengs.</li>"
            "</ul>"
        ),
        "results": (
            "<p>Flere har flyttet fra midlertidige botilbud til en vanlig leid bolig. "
            "Fordi leietakeren selv står på kontrakten, kan de bo videre i boligen når "
            "oppfølgingen er over.</p>"
        ),
        "resources": (
            "<p>Kontaktpersonen er en del av en stilling i boligkontoret. Garantiene "
            "har kostet lite, fordi få av dem har blitt brukt.</p>"
        ),
        "transfer": (
            "<p>I en by med mange små private utleiere lønner det seg å la leietakeren "
            "stå på kontrakten selv. Snakk med kommunen modellen kommer fra, før dere "
            "begynner – det sparte oss for flere feil.</p>"
        ),
        "contact": None,
        "period_start": 2015,
        "period_end": None,
        "status": "ongoing",
        "adapted_from": "karmoy-private-utleiere",
        "figures": [
            (
                "Husstander som leier privat med garanti fra kommunen",
                "husstander",
                0,
                2015,
                9,
                2016,
            ),
            (
                "Personer i midlertidig botilbud i mer enn tre måneder",
                "personer",
                17,
                2015,
                10,
                2016,
            ),
        ],
        "themes": [PRIVATE_UTLEIERE, OPPFOLGING, BOSTEDSLOSE],
        "target_groups": [TG_BOSTEDSLOSE],
        "goals": [GOAL_STED_A_BO, GOAL_BO_GODT],
    },
    {
        "key": "trondheim-bolig-forst",
        # The municipality's results this practice moved (its results page).
        "outcomes": [
            ("bostedslose-bosatt", 2015, 2017),
            ("oppfolging-i-hjemmet", 2015, 2017),
        ],
        "municipality": "5001",
        "slug": "fra-midlertidig-botilbud-til-egen-bolig",
        "title": "Fra midlertidig botilbud til egen bolig med oppfølging",
        "date": datetime.date(2015, 10, 5),
        "intro": (
            "Trondheim kommune gir bostedsløse med rusproblemer eller psykiske lidelser "
            "en egen bolig først, og bygger oppfølgingen rundt boligen i stedet for å "
            "vente til de er «klare» for den."
        ),
        "problem": (
            "<p>Mange bostedsløse med rusproblemer eller psykiske lidelser bodde måned "
            "etter måned på hospits og i andre midlertidige botilbud. Kravet om å være "
            "rusfri før de fikk en bolig, gjorde at de fleste aldri kom videre.</p>"
        ),
        "measures": (
            "<ul>"
            "<li>Kommunen tilbyr en vanlig bolig i et ordinært bomiljø, uten krav om "
            "rusfrihet.</li>"
            "<li>Et oppfølgingsteam fra rustjenesten og psykisk helsetjeneste besøker "
            "leietakeren hjemme så ofte det trengs.</li>"
            "<li>Leietakeren er med og bestemmer hva oppfølgingen skal handle om.</li>"
            "</ul>"
        ),
        "results": (
            "<p>Langt færre bor lenge i midlertidige botilbud. De fleste som har fått "
            "bolig gjennom tiltaket, bor i den samme boligen ett år etter at de flyttet "
            "inn.</p>"
        ),
        "resources": (
            "<p>Fire stillinger i oppfølgingsteamet. Boligene er dels kommunale "
            "utleieboliger, dels kjøpt med grunnlån og tilskudd til utleieboliger fra "
            "Husbanken.</p>"
        ),
        "transfer": (
            "<p>Boligene bør ligge spredt, ikke samlet i én blokk. Teamet må kunne "
            "rykke ut raskt når noe skjer, også utenom kontortid.</p>"
        ),
        "contact": None,
        "period_start": 2014,
        "period_end": None,
        "status": "ongoing",
        "figures": [
            (
                "Personer som bodde mer enn tre måneder i midlertidig botilbud",
                "personer",
                46,
                2014,
                21,
                2015,
            ),
            (
                "Andel som bodde i samme bolig ett år etter innflytting",
                "prosent",
                62,
                2014,
                81,
                2015,
            ),
        ],
        "themes": [BOSTEDSLOSE, RUS_OG_PSYKISK_HELSE, OPPFOLGING, VIRKEMIDLER],
        "target_groups": [TG_BOSTEDSLOSE, TG_RUS],
        "goals": [GOAL_BO_GODT, GOAL_MESTRE],
    },
    {
        "key": "gjovik-brukerplan",
        "municipality": "3407",
        "slug": "brukerplan-som-grunnlag-for-boligplanleggingen",
        "title": "Brukerplan som grunnlag for boligplanleggingen",
        "date": datetime.date(2015, 5, 27),
        "intro": (
            "Gjøvik kommune kartlegger hvert år hvem som får rus- og psykisk "
            "helsetjenester, og hvordan de bor. Tallene styrer hvilke boliger kommunen "
            "skaffer."
        ),
        "problem": (
            "<p>Kommunen visste ikke hvor mange som var bostedsløse eller bodde "
            "dårlig, eller hva slags boliger de trengte. Den boligsosiale planen bygde "
            "på anslag, og tjenestene hadde hver sine tall.</p>"
        ),
        "measures": (
            "<ul>"
            "<li>Kommunen tok i bruk Brukerplan. Alle tjenester som møter brukerne, "
            "fyller ut kartleggingen i samme måned hvert år.</li>"
            "<li>Resultatene legges fram for programgruppen, som foreslår hvilke "
            "boliger og hvilken oppfølging som trengs.</li>"
            "<li>Boligbehovet fra kartleggingen er tatt inn i den boligsosiale "
            "handlingsplanen.</li>"
            "</ul>"
        ),
        "results": (
            "<p>Kommunen har ett tall som alle tjenestene er enige om. Færre står uten "
            "egnet bolig, og kommunen har skaffet den typen boliger kartleggingen viste "
            "at det var behov for.</p>"
        ),
        "resources": (
            "<p>Kartleggingen tar noen timer for hver tjeneste én gang i året. En "
            "koordinator i halv stilling setter sammen resultatene.</p>"
        ),
        "transfer": (
            "<p>Alle tjenestene må være med, ellers blir tallene for lave. Bruk "
            "resultatene til noe synlig, ellers faller motivasjonen før neste "
            "kartlegging.</p>"
        ),
        "contact": None,
        "period_start": 2014,
        "period_end": None,
        "status": "established",
        "figures": [
            (
                "Personer i Brukerplan-kartleggingen uten egnet bolig",
                "personer",
                38,
                2014,
                29,
                2015,
            ),
        ],
        "themes": [BRUKERPLAN, RUS_OG_PSYKISK_HELSE, BOSTEDSLOSE],
        "target_groups": [TG_RUS, TG_BOSTEDSLOSE],
        "goals": [GOAL_BO_GODT, GOAL_HELHETLIG],
    },
    {
        "key": "drammen-samlet-plan",
        "municipality": "3301",
        "slug": "samlet-plan-for-bolig-og-oppfolging",
        "title": "Samlet plan for bolig og oppfølging",
        "date": datetime.date(2016, 9, 14),
        "intro": (
            "Drammen kommune har tatt i bruk boligteamet fra Fjell i en større by, "
            "slik at den som trenger både bolig og tjenester, får én samlet plan."
        ),
        "problem": (
            "<p>I en stor kommune er ansvaret for bolig, økonomisk hjelp og "
            "helsetjenester delt på mange enheter. Den enkelte måtte forholde seg til "
            "flere planer som ikke hang sammen, og saker ble liggende mellom "
            "tjenestene.</p>"
        ),
        "measures": (
            "<ul>"
            "<li>Programgruppen hentet modellen med et tverrfaglig boligteam fra Fjell "
            "kommune, som vi møtte på en fagsamling.</li>"
            "<li>I stedet for ett team har Drammen ett boligteam i hver bydel, med en "
            "felles mal for planen.</li>"
            "<li>NAV, rustjenesten og psykisk helsetjeneste deltar fast. "
            "Spesialisthelsetjenesten er med når noen skal skrives ut og mangler "
            "bolig.</li>"
            "</ul>"
        ),
        "results": (
            "<p>Flere har fått én plan for bolig og oppfølging, og færre blir skrevet "
            "ut fra institusjon uten et sted å bo.</p>"
        ),
        "resources": (
            "<p>En koordinator i full stilling. Resten er tid fra tjenestene som er "
            "med.</p>"
        ),
        "transfer": (
            "<p>Modellen fra Fjell måtte deles opp for å passe en stor by. Avtal tidlig "
            "med spesialisthelsetjenesten hvordan dere varsler hverandre før "
            "utskriving.</p>"
        ),
        "contact": None,
        "period_start": 2015,
        "period_end": None,
        "status": "ongoing",
        "adapted_from": "fjell-boligteam",
        "figures": [
            (
                "Personer med én samlet plan for bolig og oppfølging",
                "personer",
                12,
                2015,
                58,
                2016,
            ),
            (
                "Utskrivinger fra institusjon til ingen bolig",
                "personer",
                14,
                2015,
                6,
                2016,
            ),
        ],
        "themes": [SAMORDNING, OPPFOLGING, RUS_OG_PSYKISK_HELSE],
        "target_groups": [TG_RUS],
        "goals": [GOAL_HELHETLIG, GOAL_MESTRE],
    },
    {
        "key": "kristiansand-leie-til-eie",
        # The municipality's results this practice moved (its results page).
        "outcomes": [("videre-til-egen-bolig", 2014, 2017)],
        "municipality": "4204",
        "slug": "fra-leie-til-eie-med-startlan",
        "title": "Fra leie til eie: startlån til leietakere i kommunale boliger",
        "date": datetime.date(2016, 11, 9),
        "intro": (
            "Kristiansand kommune går gjennom leiekontraktene i de kommunale boligene "
            "og hjelper leietakere som kan klare det, til å kjøpe egen bolig. Slik blir "
            "utleieboliger ledige for andre."
        ),
        "problem": (
            "<p>Mange leietakere hadde bodd i kommunale boliger i mange år, også etter "
            "at situasjonen deres var blitt bedre. Gjennomstrømningen var lav, og nye "
            "søkere ventet lenge.</p>"
        ),
        "measures": (
            "<ul>"
            "<li>Alle tidsbestemte kontrakter gjennomgås et halvt år før de løper "
            "ut.</li>"
            "<li>Leietakere med stabil inntekt får en samtale om startlån og en plan "
            "for å kunne kjøpe.</li>"
            "<li>Noen ganger får leietakeren kjøpe boligen de bor i, og kommunen "
            "skaffer en ny utleiebolig med grunnlån og tilskudd til utleieboliger.</li>"
            "</ul>"
        ),
        "results": (
            "<p>Flere leietakere har kjøpt egen bolig, og botiden i kommunale boliger "
            "har gått ned. Boligene som ble ledige, gikk til bostedsløse og "
            "barnefamilier på ventelisten.</p>"
        ),
        "resources": (
            "<p>En saksbehandler for startlån med fast tid til leietakerne. Startlån, "
            "grunnlån og tilskudd til utleieboliger fra Husbanken.</p>"
        ),
        "transfer": (
            "<p>Begynn med kontraktene som snart løper ut, og sett av tid til "
            "samtalene. Regn på økonomien i nye utleieboliger med bostøtten tatt med "
            "før dere bestemmer dere.</p>"
        ),
        "contact": None,
        "period_start": 2014,
        "period_end": None,
        "status": "ongoing",
        "figures": [
            (
                "Leietakere i kommunal bolig som kjøpte egen bolig med startlån",
                "husstander",
                4,
                2014,
                15,
                2016,
            ),
            (
                "Gjennomsnittlig botid i kommunal utleiebolig",
                "år",
                "6.5",
                2014,
                "4.8",
                2016,
            ),
        ],
        "themes": [GJENNOMSTROMNING, VIRKEMIDLER],
        "target_groups": [TG_BARNEFAMILIER, TG_BOSTEDSLOSE],
        "goals": [GOAL_STED_A_BO],
    },
]


# --- Experience articles. ``municipality`` None: written by Husbanken below the
# index. ``authors`` are person slugs; ``related_practices`` are good-practice keys. ---

EXPERIENCES = [
    {
        "municipality": "1246",
        "slug": "det-vi-har-laert-som-programkommune",
        "title": "Det vi har lært som programkommune",
        "date": datetime.date(2014, 9, 3),
        "intro": (
            "Fjell kommune har vært med i Boligsosialt velferdsprogram siden 2011. "
            "Programkoordinatoren forteller hva samarbeidet med Husbanken og de andre "
            "kommunene har betydd for det boligsosiale arbeidet."
        ),
        "authors": ["cecilie-krohn"],
        "body": [
            heading("Flere fagområder rundt samme bord"),
            paragraph(
                "<p>Det viktigste vi gjorde, var å sette sammen en programgruppe der "
                "alle fagområdene som har en rolle i det boligsosiale arbeidet, er med. "
                "Da ser vi sammenhenger vi ikke så før, og sakene blir ikke liggende "
                "mellom enhetene.</p>"
            ),
            heading("Lær av de andre kommunene"),
            paragraph(
                "<p>Mange av ideene våre har vi hentet fra andre programkommuner, på "
                "fagsamlinger, i nettverk og på konferanser. Sjelden kan en løsning "
                "kopieres rett av, men det sparer mye tid å høre hvordan andre har gjort "
                "det, og hva som gikk galt.</p>"
            ),
            heading("Husbanken som samarbeidspartner"),
            paragraph(
                "<p>Samarbeidet med Husbanken har vært til stor hjelp og inspirasjon, "
                "både med råd underveis og med virkemidlene. At programmet varer i flere "
                "år, har gjort det mulig å bygge noe som står seg.</p>"
            ),
            fact_box(
                "Råd til nye programkommuner",
                "<ul>"
                "<li>Sett sammen en bred programgruppe fra starten.</li>"
                "<li>Delta på fagsamlingene, også når det er travelt.</li>"
                "<li>Ta kontakt med de andre kommunene – de deler gjerne.</li>"
                "</ul>",
            ),
        ],
        "themes": [SAMORDNING, PROGRAMARBEID],
        "target_groups": [],
        "related_practices": ["fjell-boligteam"],
    },
    {
        "municipality": None,
        "slug": "samordnet-stat-i-mote-med-kommunene",
        "title": "Samordnet stat i møte med kommunene",
        "date": datetime.date(2014, 11, 24),
        "intro": (
            "Flere programkommuner har bedt om at de statlige virksomhetene samordner "
            "seg bedre. Husbanken forteller hva det første året med felles møter mellom "
            "kommunene og etatene har lært oss."
        ),
        "authors": [],
        "body": [
            heading("Kommunene møter mange statlige aktører"),
            paragraph(
                "<p>I det boligsosiale arbeidet møter kommunene Husbanken, NAV, "
                "helseforetakene, fylkesmannen og kriminalomsorgen, med hver sine "
                "føringer og tilskudd. På oppstartsamlingen sa flere av de nye "
                "programkommunene at de ønsket en stat som møter dem samlet.</p>"
            ),
            heading("Felles møter med kommunenes dagsorden"),
            paragraph(
                "<p>I regionene inviterer Husbanken de andre statlige aktørene til "
                "felles møter med programkommunene. Kommunene setter dagsordenen, og "
                "etatene svarer sammen. Slik blir det lettere å se tilskudd og tiltak i "
                "sammenheng.</p>"
            ),
            heading("Samordning i kommunen også"),
            paragraph(
                "<p>En samordnet stat hjelper lite hvis tjenestene i kommunen arbeider "
                "hver for seg. Fjell kommune har vist hvordan et tverrfaglig boligteam "
                "kan gi den som trenger bolig, én dør inn.</p>"
            ),
        ],
        "themes": [SAMORDNING, PROGRAMARBEID],
        "target_groups": [],
        "related_practices": ["fjell-boligteam"],
    },
    {
        "municipality": "3407",
        "slug": "brukerplan-ga-oss-tallene-vi-manglet",
        "title": "Brukerplan ga oss tallene vi manglet",
        "date": datetime.date(2015, 8, 26),
        "intro": (
            "Gjøvik kommune tok i bruk Brukerplan for å få oversikt over hvem som "
            "trenger bolig og tjenester. Programgruppen forteller hvordan de kom i gang, "
            "og hva tallene viste."
        ),
        "authors": [],
        "body": [
            heading("Fra anslag til oversikt"),
            paragraph(
                "<p>Da vi ble programkommune i 2014, satte vi oss som mål å ha oversikt "
                "over alle som er bostedsløse eller står i fare for å bli det. På "
                "oppstartsamlingen ble Brukerplan anbefalt som verktøy, og vi bestemte "
                "oss for å prøve.</p>"
            ),
            heading("Slik kom vi i gang"),
            paragraph(
                "<p>Alle tjenester som møter brukerne – rustjenesten, psykisk "
                "helsetjeneste, NAV, hjemmetjenesten og boligkontoret – fyller ut "
                "kartleggingen for dem de kjenner. Første gang tok det tid å få alle "
                "med. Andre året gikk det mye raskere.</p>"
            ),
            heading("Hva tallene viste"),
            paragraph(
                "<p>Flere enn vi trodde bodde i boliger som ikke passet, og mange "
                "manglet oppfølging i hjemmet. Det har endret hvilke boliger vi skaffer "
                "først, og hvordan vi organiserer oppfølgingen.</p>"
            ),
        ],
        "themes": [BRUKERPLAN, BOSTEDSLOSE, RUS_OG_PSYKISK_HELSE],
        "target_groups": [TG_RUS, TG_BOSTEDSLOSE],
        "related_practices": ["gjovik-brukerplan"],
    },
    {
        "municipality": "1149",
        "slug": "det-vi-laerte-av-a-leie-av-private",
        "title": "Det vi lærte av å leie boliger av private",
        "date": datetime.date(2015, 11, 18),
        "intro": (
            "Karmøy kommune har snart to års erfaring med å leie boliger av private "
            "utleiere for vanskeligstilte. Her er det som overrasket oss, og det vi "
            "ville gjort annerledes."
        ),
        "authors": [],
        "body": [
            heading("Utleierne var mer villige enn vi trodde"),
            paragraph(
                "<p>Før vi begynte, regnet vi med at få private utleiere ville leie ut "
                "til kommunen. Mange hadde dårlige erfaringer med å stå alene når noe "
                "gikk galt, men leide gjerne ut når de visste at kommunen var der. En "
                "fast kontaktperson betydde mer for dem enn prisen.</p>"
            ),
            heading("Gjennomstrømning gjelder også de private boligene"),
            paragraph(
                "<p>Når kommunen disponerer flere utleieboliger, blir det lettere å "
                "finne en bolig som passer, og lettere for leietakerne å flytte videre. "
                "Flere som har leid gjennom ordningen, har senere fått kontrakt direkte "
                "med utleieren. Da blir boligen kommunen leier, ledig for nestemann på "
                "ventelisten.</p>"
            ),
            heading("Dette ville vi gjort annerledes"),
            paragraph(
                "<p>Vi brukte for lang tid på avtaleverket. Nabokommunen Haugesund har "
                "valgt en enklere løsning der leietakeren står på kontrakten selv, og "
                "den har vi mye å lære av.</p>"
            ),
            fact_box(
                "Kort fortalt",
                "<ul>"
                "<li>Utleiere vil ha én de kan ringe.</li>"
                "<li>Søk bostøtte før innflytting.</li>"
                "<li>Legg til rette for at leietakeren kan overta kontrakten.</li>"
                "</ul>",
            ),
        ],
        "themes": [PRIVATE_UTLEIERE, GJENNOMSTROMNING],
        "target_groups": [TG_BOSTEDSLOSE, TG_BARNEFAMILIER],
        "related_practices": ["karmoy-private-utleiere", "haugesund-private-utleiere"],
    },
    {
        "municipality": "1804",
        "slug": "unge-i-egen-bolig",
        "title": "Unge i egen bolig: de første månedene avgjør",
        "date": datetime.date(2016, 4, 21),
        "intro": (
            "Bodø kommune følger tett opp unge som flytter inn i sin første bolig. "
            "Erfaringen er at oppfølging i hjemmet de første månedene hindrer at "
            "boforholdet ryker."
        ),
        "authors": [],
        "body": [
            heading("Hvorfor de første månedene"),
            paragraph(
                "<p>Mange unge som får hjelp til bolig, har aldri hatt ansvar for "
                "husleie, strøm og naboforhold før. Når et boforhold ryker, skjer det "
                "ofte i løpet av det første halvåret – gjerne på grunn av ubetalte "
                "regninger eller konflikter som kunne vært løst tidlig.</p>"
            ),
            heading("Slik gjør vi det"),
            paragraph(
                "<p>En miljøarbeider besøker den unge hjemme hver uke de første tre "
                "månedene, deretter sjeldnere. Sammen setter de opp et budsjett, søker "
                "bostøtte og avtaler fast trekk for husleien. Utover det er det den "
                "unge selv som bestemmer hva oppfølgingen skal handle om.</p>"
            ),
            heading("Hva vi har sett"),
            paragraph(
                "<p>De fleste vi har fulgt, bor fortsatt i boligen, og flere har senere "
                "flyttet videre til en bolig de leier på det private markedet. Nå "
                "prøver vi en lignende modell for barnefamilier med lav inntekt.</p>"
            ),
            fact_box(
                "Husbankens virkemidler vi bruker",
                "<ul>"
                "<li><b>Bostøtte</b> til unge med lav inntekt</li>"
                "<li><b>Startlån</b> når den unge er klar for å kjøpe</li>"
                "<li><b>Tilskudd til utleieboliger</b> til nye kommunale "
                "utleieboliger for unge</li>"
                "</ul>",
            ),
        ],
        "themes": [OPPFOLGING, VIRKEMIDLER, GJENNOMSTROMNING],
        "target_groups": [TG_UNGE, TG_BARNEFAMILIER],
        "related_practices": [],
    },
    {
        "municipality": "5001",
        "slug": "bostedslose-med-rusproblemer-bolig-forst",
        "title": "Bostedsløse med rusproblemer: bolig først, så oppfølging",
        "date": datetime.date(2016, 11, 2),
        "intro": (
            "Trondheim kommune sluttet å kreve at bostedsløse skulle være rusfrie før "
            "de fikk en bolig. Dette er erfaringene etter to år."
        ),
        "authors": [],
        "body": [
            heading("Et skifte i hvordan vi tenker"),
            paragraph(
                "<p>Før måtte mange bostedsløse gjennom en trapp av midlertidige "
                "botilbud før de fikk en egen bolig, og de fleste falt av underveis. Nå "
                "begynner vi med boligen og bygger oppfølgingen rundt den.</p>"
            ),
            heading("Det koster å la være"),
            paragraph(
                "<p>Midlertidige botilbud, akuttinnleggelser og politiets tid koster "
                "mye. Når vi regner på det, er en bolig med oppfølging ofte rimeligere "
                "enn et liv på hospits. Og når én person får et stabilt sted å bo, får "
                "de pårørende det også lettere.</p>"
            ),
            heading("Utfordringene"),
            paragraph(
                "<p>Noen naboer var bekymret i starten. Vi har lært å være tilgjengelige "
                "for naboene og å ta tak i klager raskt. Det har vært vanskeligere å "
                "skaffe nok boliger enn å gi oppfølging.</p>"
            ),
        ],
        "themes": [BOSTEDSLOSE, RUS_OG_PSYKISK_HELSE, OPPFOLGING],
        "target_groups": [TG_BOSTEDSLOSE, TG_RUS],
        "related_practices": ["trondheim-bolig-forst"],
    },
    {
        "municipality": None,
        "slug": "regn-pa-utleieboligene",
        "title": "Regn på utleieboligene – med bostøtten tatt med",
        "date": datetime.date(2016, 12, 5),
        "intro": (
            "Mange kommuner tror at nye kommunale utleieboliger blir for dyre. Når "
            "grunnlån, tilskudd til utleieboliger og bostøtte ses sammen, går "
            "regnestykket som regel opp."
        ),
        "authors": [],
        "body": [
            heading("Tre virkemidler som virker sammen"),
            paragraph(
                "<p>Husbanken gir <b>grunnlån</b> til å bygge, kjøpe eller utbedre "
                "boliger, og kommunene kan få <b>tilskudd til utleieboliger</b> for "
                "vanskeligstilte. Leietakere med lav inntekt kan få <b>bostøtte</b>, "
                "slik at de klarer en husleie som dekker kommunens kostnader.</p>"
            ),
            heading("Bruk kalkulatoren"),
            paragraph(
                '<p><a href="/kalkulator/">Kalkulatoren for kommunale utleieboliger</a> '
                "regner ut økonomien i et boligprosjekt: hva boligene koster, hvor mye "
                "lån og tilskudd kommunen kan få, hvilken husleie som trengs, og hvor "
                "mye av den bostøtten dekker. Erfaringen fra programkommunene er at "
                "virkemidlene i de fleste tilfeller gir nok økonomi til å skaffe nye "
                "utleieboliger.</p>"
            ),
            {
                "type": "calculator",
                "value": {
                    "title": "Eksempel: ti nye utleieboliger i Karmøy",
                    "link": "/kalkulator/?municipality=1149&homes=10"
                    "&area_per_home=55&project_cost=40000000&own_funds=2000000"
                    "&rent_per_month=14000&household_size=2&household_income=280000",
                },
            },
            heading("Eksempel fra en programkommune"),
            paragraph(
                "<p>Kristiansand kommune bruker virkemidlene både til å kjøpe nye "
                "utleieboliger og til å hjelpe leietakere over i egen bolig med "
                "startlån. Slik øker både antallet boliger og gjennomstrømningen.</p>"
            ),
            fact_box(
                "Virkemidlene kort",
                "<ul>"
                "<li><b>Grunnlån</b>: lån til å bygge, kjøpe eller utbedre boliger</li>"
                "<li><b>Tilskudd til utleieboliger</b>: til kommunale utleieboliger "
                "for vanskeligstilte</li>"
                "<li><b>Bostøtte</b>: til husstander med lav inntekt og høye "
                "boutgifter</li>"
                "</ul>",
            ),
        ],
        "themes": [VIRKEMIDLER, GJENNOMSTROMNING],
        "target_groups": [TG_BOSTEDSLOSE, TG_BARNEFAMILIER],
        "related_practices": ["kristiansand-leie-til-eie"],
    },
]


# --- Presentations: the talks of the start-up gathering, each with a one-page PDF.
# ``document`` is looked up by its title; ``lines`` are the points on the slide. ---

PRESENTATIONS = [
    {
        "slug": "programarbeid-pa-kommunenes-premisser",
        "title": "Programarbeid på kommunenes premisser",
        "intro": (
            "Programkoordinator Sverre Høynes om hvordan kommunene og Husbanken sammen "
            "finner veien i programmet, og hva Husbanken bidrar med: læringsarenaer, "
            "hjelp underveis og kunnskap som samles og deles."
        ),
        "speakers": ["sverre-hoynes"],
        "municipality": None,
        "themes": [PROGRAMARBEID, SAMORDNING],
        "document": {
            "title": "Lysark: Programarbeid på kommunenes premisser",
            "filename": "hoynes-programarbeid.pdf",
            "byline": "Sverre Høynes, programkoordinator, Husbanken",
            "lines": [
                "Et utviklingsarbeid der kommunene og Husbanken finner veien sammen",
                "Kommunene bestemmer hva de vil prioritere",
                "Husbanken arrangerer læringsarenaer og følger opp hver kommune",
                "Kunnskapen fra arbeidet samles og deles med alle",
            ],
        },
    },
    {
        "slug": "hvem-er-de-vanskeligstilte",
        "title": "Hvem er de vanskeligstilte – og hva koster det å la være å hjelpe?",
        "intro": (
            "Vibeke Johannessen, medlem av programrådet, om bostedsløse med "
            "rusproblemer og psykiske lidelser, hva det koster ikke å hjelpe dem, og "
            "hvordan Brukerplan gir kommunen oversikt over hvem som trenger bolig og "
            "tjenester."
        ),
        "speakers": ["vibeke-johannessen"],
        "municipality": None,
        "themes": [BOSTEDSLOSE, RUS_OG_PSYKISK_HELSE, BRUKERPLAN],
        "document": {
            "title": "Lysark: Hvem er de vanskeligstilte?",
            "filename": "johannessen-vanskeligstilte.pdf",
            "byline": (
                "Vibeke Johannessen, Kompetansesenter rus – region vest "
                "(Stiftelsen Bergensklinikkene)"
            ),
            "lines": [
                "Mange bostedsløse har rusproblemer og/eller psykiske lidelser",
                "De fleste vil ha et eget hjem, men trenger hjelp for å klare å bo",
                "Å la være å hjelpe koster mer – også for de pårørende",
                "Mål: alle som er bostedsløse i dag, har en bolig når programmet er over",
                "Brukerplan gir oversikt over brukergruppene",
            ],
        },
    },
    {
        "slug": "erfaringer-fra-fjell-kommune",
        "title": "Erfaringer fra Fjell kommune",
        "intro": (
            "Cecilie Krohn, programkoordinator i Fjell kommune, forteller de nye "
            "programkommunene hva samarbeidet med Husbanken har betydd, og hvorfor en "
            "bred programgruppe og læring fra andre kommuner har vært så nyttig."
        ),
        "speakers": ["cecilie-krohn"],
        "municipality": "1246",
        "themes": [PROGRAMARBEID, SAMORDNING],
        "document": {
            "title": "Lysark: Erfaringer fra Fjell kommune",
            "filename": "krohn-erfaringer-fra-fjell.pdf",
            "byline": "Cecilie Krohn, programkoordinator, Fjell kommune",
            "lines": [
                "Samarbeidet med Husbanken har gitt hjelp og inspirasjon",
                "Flere fagområder er med i programgruppen",
                "Lær av andre kommuner, på fagsamlinger og konferanser",
            ],
        },
    },
    {
        "slug": "bruk-husbankens-virkemidler-aktivt",
        "title": "Bruk Husbankens virkemidler aktivt",
        "intro": (
            "Avdelingsdirektør Lars-Marius Ulfrstad oppsummerte samlingen: et tett og "
            "langvarig samarbeid mellom kommunene, Husbanken og de andre statlige "
            "aktørene, og virkemidler som sammen med bostøtten som regel gjør nye "
            "kommunale utleieboliger mulige. Kalkulatoren viser regnestykket."
        ),
        "speakers": ["lars-marius-ulfrstad"],
        "municipality": None,
        "themes": [VIRKEMIDLER, SAMORDNING],
        "document": {
            "title": "Lysark: Bruk Husbankens virkemidler aktivt",
            "filename": "ulfrstad-virkemidler.pdf",
            "byline": "Lars-Marius Ulfrstad, avdelingsdirektør, Husbanken",
            "lines": [
                "Et langsiktig og tett samarbeid med kommunene og de statlige aktørene",
                "Grunnlån og tilskudd gir flere kommunale utleieboliger",
                "Regn på boligprosjektene med Husbankens kalkulator",
                "Med bostøtten tatt med går regnestykket som regel opp",
            ],
        },
    },
]

# The footer of every generated slide: these PDFs are demo material, not the real slides.
DOCUMENT_FOOTER = "Demoinnhold laget for portalen – ikke de opprinnelige lysarkene"

# Husbanken's editor in the demo: hears of the municipalities' submissions by e-mail.
EDITOR = {
    "username": "husbanken-redaktor",
    "email": "redaktor@husbanken.example",
    "first_name": "Hanne",
    "last_name": "Redaktør",
}

# The calculator's rates in the demo: the grant rates of 2023 as Husbanken published them
# (fixed rates per m² by municipality group), the group membership and the bostøtte
# figures simplified and rounded. They are more than a year old on purpose: the
# calculator says so.
CALCULATOR_RATES = {
    "valid_from": datetime.date(2024, 1, 1),
    "source": (
        "Husbanken: tilskudd til utleieboliger, satser 2023; bostøtte 2024 "
        "(forenklet og avrundet for demo)"
    ),
    "source_url": "https://www.husbanken.no/",
    "grant_max_area": 80,
    "write_down_years": 30,
    "loan_share_cap": 85,
    "default_interest_rate": "5.0",
    "allowance_share": "73.7",
    "own_share_minimum": 3000,
    "own_share_threshold": 130000,
    "own_share_rate": 25,
    "grant_groups": [
        ("Oslo", 21200, "0301"),
        ("Bærum", 17000, "3201"),
        ("Storbyene", 12700, "4601, 5001, 1103"),
        ("Byer i pressområder", 11700, "3203, 3205, 3301, 1108"),
        ("Mellomstore byer", 9600, "4204, 5501, 3107, 1804, 1508, 3905, 4003"),
        ("Øvrige kommuner", 8500, ""),
    ],
    "cost_ceilings": [
        (1, 84000),
        (2, 100000),
        (3, 110000),
        (4, 120000),
        (5, 130000),
        (6, 140000),
    ],
    "ceiling_supplements": [
        ("Oslo", 26000, "0301"),
        ("Bergen, Trondheim, Stavanger og Tromsø", 12000, "4601, 5001, 1103, 5501"),
    ],
}


# --- Programme results: example figures, marked as such on every page that shows them ---

# A sample of SSB's KOSTRA table 12262 (municipal dwellings), example numbers.
SSB_SAMPLE = Path(__file__).parent / "data" / "ssb_kostra_sample.json"
SSB_SAMPLE_TABLE = "12262"
RESULT_YEARS = range(2014, 2018)


def example_figures(seed):
    """(outcome slug, year, value, goal) for a municipality: steady, plausible growth,
    different for each municipality (seeded by its number), the same on every run."""
    base = 3 + seed % 7
    rows = []
    for step, year in enumerate(RESULT_YEARS):
        rows += [
            ("bostedslose-bosatt", year, base + 2 * step, base + 2 * step + 1),
            ("fra-midlertidig-til-varig", year, base + step + 1, None),
            ("oppfolging-i-hjemmet", year, 4 * base + 5 * step, 4 * base + 6 * step),
            ("nye-utleieboliger", year, 2 + (seed + step) % 5, 4),
            ("videre-til-egen-bolig", year, 1 + step + seed % 3, None),
        ]
    return rows
