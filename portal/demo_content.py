"""The demo site's texts and facts, in bokmål, for ``manage.py load_demo_content``.

The people, their roles and the seven municipalities that joined in 2014 come from an
editor's report of the programme's start-up gathering (oppstartsamling); every sentence
here is written for the portal. The municipalities' outcome figures are invented: they
are plausible orders of magnitude to show the page layout, not statistics.

Rich text may link to pages the command creates, written ``id="{kommuner}"``; the
command fills in the page ids. Figure blocks name an image by its key in ``IMAGES``.
"""

from portal.models import County, Region

ORGANISATION = "Husbanken"
# Husbanken's published general address (husbanken.no, "Kontakt oss").
CONTACT_EMAIL = "post@husbanken.no"
CONTACT_PHONE = "22 96 16 00"
CONTACT_ADDRESS = "Postboks 1404\n8002 Bodø"


# --- StreamField helpers: raw BodyBlock data, so the texts below stay readable ---


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def figure(image, caption=""):
    return {"type": "figure", "value": {"image": image, "caption": caption}}


def fact_box(title, html):
    return {"type": "fact_box", "value": {"title": title, "body": html}}


# --- Images, drawn by the command with Pillow; looked up by title ---

IMAGES = {
    "rooftops": {
        "title": "Hustak i en boligrekke",
        "description": "Illustrasjon: hustak i en boligrekke under en lys himmel",
        "credit": ORGANISATION,
        "filename": "hustak-i-en-boligrekke.png",
    },
    "coast": {
        "title": "Småhus ved sjøen",
        "description": "Illustrasjon: små hus spredt i en grønn li ned mot sjøen",
        "credit": ORGANISATION,
        "filename": "smahus-ved-sjoen.png",
    },
    "apartments": {
        "title": "Boligblokk i kveldslys",
        "description": "Illustrasjon: boligblokk med lys i flere vinduer en kveld",
        "credit": ORGANISATION,
        "filename": "boligblokk-i-kveldslys.jpg",
    },
}


# --- Controlled vocabularies: (name, description), in display order ---

TARGET_GROUPS = [
    (
        "Bostedsløse",
        "Personer som ikke har en egen eid eller leid bolig, og som bor midlertidig "
        "hos venner eller familie, i et midlertidig botilbud eller sover ute.",
    ),
    (
        "Personer med rusproblemer og/eller psykiske lidelser",
        "Mange trenger både en egnet bolig og jevnlig oppfølging for å klare å bo. "
        "Gruppen er stor blant dem som er bostedsløse.",
    ),
    (
        "Barnefamilier",
        "Familier med lav inntekt som bor trangt, ustabilt eller i dårlige boliger. "
        "Målet er at ingen barn skal bo i midlertidige botilbud.",
    ),
    (
        "Unge",
        "Unge som skal etablere seg for første gang, blant dem unge som flytter fra "
        "barnevernet eller ikke kan få hjelp hjemmefra.",
    ),
    (
        "Flyktninger",
        "Flyktninger som kommunen bosetter, og som trenger en bolig og hjelp til å "
        "finne seg til rette på boligmarkedet.",
    ),
    (
        "Personer med nedsatt funksjonsevne",
        "Personer som trenger en tilgjengelig eller tilpasset bolig, og noen ganger "
        "tjenester i hjemmet.",
    ),
]

PROGRAMME_GOALS = [
    (
        "Flere vanskeligstilte skal bo godt og trygt",
        "Programmets hovedmål. Det måles på hva som endrer seg for den enkelte – hvor "
        "mange som får og beholder et godt sted å bo – og ikke på hvor mange tiltak "
        "kommunene setter i gang.",
    ),
    (
        "Alle skal ha et godt sted å bo",
        "Flere kommunale utleieboliger, flere som flytter videre fra dem, og avtaler "
        "med private utleiere skal gi flere vanskeligstilte en egnet bolig.",
    ),
    (
        "Alle med behov for tjenester skal få hjelp til å mestre boforholdet",
        "De fleste ønsker seg et eget sted å bo. Mange trenger hjelp og oppfølging for "
        "å klare å bli boende, og det må følge med boligen.",
    ),
    (
        "Den offentlige innsatsen skal være helhetlig og effektiv",
        "Kommunene, Husbanken og de andre statlige etatene skal samordne seg, slik at "
        "de møter kommunene og den enkelte som én helhet.",
    ),
]


# --- People named in the report. ``municipality`` is a municipality number. ---

PEOPLE = [
    {
        "name": "Sverre Høynes",
        "role": "Programkoordinator",
        "organisation": "Husbanken",
        "bio": (
            "Koordinerer Boligsosialt velferdsprogram i Husbanken. Han følger opp "
            "programkommunene, legger til rette for samlinger der kommunene lærer av "
            "hverandre, og samler kunnskapen fra arbeidet slik at flere kan bruke den."
        ),
    },
    {
        "name": "Vibeke Johannessen",
        "role": "Leder for Kompetansesenter rus – region vest",
        "organisation": "Stiftelsen Bergensklinikkene",
        "bio": (
            "Medlem av programrådet for Boligsosialt velferdsprogram. Hun har vist "
            "kommunene hva det koster å la være å hjelpe bostedsløse med rusproblemer "
            "eller psykiske lidelser, og anbefaler Brukerplan for å få oversikt over "
            "hvem som trenger bolig og tjenester."
        ),
    },
    {
        "name": "Cecilie Krohn",
        "role": "Programkoordinator",
        "organisation": "Fjell kommune",
        "municipality": "1246",
        "bio": (
            "Koordinerte programarbeidet i Fjell kommune, der flere fagområder satt "
            "sammen i programgruppen. Hun har fortalt de nye programkommunene hvor "
            "mye kommunen fikk ut av å lære av andre kommuner og å delta på "
            "fagsamlinger og konferanser."
        ),
    },
    {
        "name": "Mabel Johansen",
        "role": "Regiondirektør",
        "organisation": "Husbanken",
        "bio": (
            "Regiondirektør i Husbanken. Hun ønsket de nye programkommunene velkommen "
            "til oppstartsamlingen og er opptatt av at samarbeidet mellom kommunene og "
            "staten skal være tett og vare over tid."
        ),
    },
    {
        "name": "Lars-Marius Ulfrstad",
        "role": "Avdelingsdirektør",
        "organisation": "Husbanken",
        "bio": (
            "Avdelingsdirektør i Husbanken. Han oppfordrer kommunene til å bruke "
            "Husbankens lån og tilskudd aktivt for å skaffe flere utleieboliger, og "
            "til å regne på økonomien i boligprosjektene med bostøtten tatt med."
        ),
    },
]


# --- Pages ---

HOME = {
    "intro": (
        "Boligsosialt velferdsprogram er et langsiktig samarbeid mellom Husbanken og "
        "kommunene om at flere vanskeligstilte skal bo godt og trygt. Her deler "
        "programkommunene det de lærer, og finner fram til hverandres erfaringer."
    ),
    "hero_image": "rooftops",
    "body": [
        heading("Vi måler endring for mennesker"),
        paragraph(
            "<p>Programmet lykkes når flere får et godt og trygt sted å bo og klarer å "
            "bli boende der. Derfor ser vi etter hva som har endret seg for den "
            "enkelte – hvor mange bostedsløse som har fått bolig, og hvor mange "
            "husstander som har flyttet fra midlertidig til varig bolig. Hvor mange "
            "tiltak og aktiviteter kommunene har satt i gang, er ikke målestokken.</p>"
        ),
        heading("Kommunene og Husbanken sammen"),
        paragraph(
            "<p>Hver kommune staker ut kursen for sitt eget arbeid, og Husbanken "
            "bidrar med samlinger, råd og virkemidler underveis. Det kommunene lærer, "
            "samles her, slik at den neste slipper å begynne på nytt.</p>"
        ),
        fact_box(
            "Finn fram",
            '<ul><li><a linktype="page" id="{kommuner}">Programkommunene</a> – fakta, '
            "mål og resultater for hver kommune</li>"
            '<li><a linktype="page" id="{om_programmet}">Om programmet</a> – mål, '
            "arbeidsform og Husbankens virkemidler</li></ul>",
        ),
    ],
}

ABOUT = {
    "slug": "om-programmet",
    "title": "Om programmet",
    "show_in_menus": True,
    "intro": (
        "Boligsosialt velferdsprogram er Husbankens langsiktige samarbeid med kommuner "
        "som vil styrke det boligsosiale arbeidet. Her kan du lese hva programmet skal "
        "oppnå, og hvordan kommunene og Husbanken arbeider sammen."
    ),
    "body": [
        heading("Hovedmålet: flere skal bo godt og trygt"),
        paragraph(
            "<p>Programmet har ett overordnet mål: at flere som er vanskeligstilte på "
            "boligmarkedet, får et godt og trygt sted å bo. Om programmet lykkes, "
            "avgjøres av hva som endrer seg i livet til den enkelte, ikke av hvor "
            "mange prosjekter og aktiviteter kommunene setter i gang.</p>"
        ),
        figure(
            "apartments",
            "Et trygt hjem gjør det lettere å klare arbeid, skole og helse.",
        ),
        heading("Et utviklingsarbeid på kommunenes premisser"),
        paragraph(
            "<p>Det finnes ingen ferdig oppskrift. Kommunene og Husbanken finner veien "
            "sammen, og kommunene bestemmer selv hva de vil prioritere. Husbanken "
            "arrangerer samlinger og nettverk der kommunene lærer av hverandre, følger "
            "opp hver kommune og samler kunnskap som kommer alle til gode.</p>"
        ),
        heading("Hva kommunene arbeider med"),
        paragraph(
            "<ul>"
            "<li>å bosette bostedsløse og andre som står utenfor boligmarkedet</li>"
            "<li>å gi oppfølging, slik at folk klarer å beholde boligen</li>"
            "<li>å skaffe flere kommunale utleieboliger og få flere leietakere til å "
            "flytte videre fra dem</li>"
            "<li>å inngå leieavtaler med private utleiere</li>"
            "<li>å få de statlige etatene til å samordne seg i møte med kommunen</li>"
            "</ul>"
        ),
        paragraph(
            "<p>Sju nye kommuner ble med i programmet i 2014, og de kan lære av "
            "kommunene som har vært med lenger. Under "
            '<a linktype="page" id="{kommuner}">Programkommuner</a> ser du hva hver '
            "av dem arbeider med.</p>"
        ),
        fact_box(
            "Husbankens virkemidler",
            "<ul>"
            "<li><b>Grunnlån</b> til å bygge eller utbedre boliger</li>"
            "<li><b>Tilskudd til utleieboliger</b> for kommunene</li>"
            "<li><b>Bostøtte</b> til husstander med lave inntekter og høye "
            "boutgifter</li>"
            "</ul>"
            "<p>Når bostøtten tas med i regnestykket, gir virkemidlene i de fleste "
            "tilfeller god nok økonomi til at kommunen kan skaffe nye utleieboliger. "
            "Husbankens kalkulator hjelper kommunene å regne på boligprosjektene.</p>",
        ),
        heading("Læringsarenaer"),
        paragraph(
            "<p>Nye programkommuner starter med en oppstartsamling. Deretter møtes "
            "kommunene på fagsamlinger, i nettverk og på konferanser, der de legger "
            "fram hva de har prøvd, og hva som virket. Presentasjonene og erfaringene "
            "derfra publiseres på denne portalen.</p>"
        ),
    ],
}

PRIVACY = {
    "slug": "personvern",
    "title": "Personvernerklæring",
    "show_in_menus": False,
    "intro": (
        "Slik behandler Husbanken personopplysninger på nettstedet for Boligsosialt "
        "velferdsprogram, blant annet når du melder deg på en samling."
    ),
    "body": [
        heading("Behandlingsansvarlig"),
        paragraph(
            "<p>Husbanken er behandlingsansvarlig for personopplysningene som "
            "behandles på dette nettstedet. Spørsmål om personvern kan du sende til "
            f"{CONTACT_EMAIL} eller til Husbanken, Postboks 1404, 8002 Bodø. "
            "Husbankens personvernombud når du på samme adresse.</p>"
        ),
        heading("Når du melder deg på en samling"),
        paragraph(
            "<p>Når du melder deg på en samling, en fagsamling eller en konferanse, "
            "lagrer vi</p>"
            "<ul>"
            "<li>navnet ditt</li>"
            "<li>e-postadressen din</li>"
            "<li>kommunen eller organisasjonen du kommer fra</li>"
            "<li>rollen eller stillingen din</li>"
            "<li>behov for spesialkost eller allergier, bare om du selv oppgir det</li>"
            "</ul>"
            "<p>Vi bruker opplysningene til å bekrefte plassen din, føre venteliste, "
            "sende deg praktisk informasjon før samlingen og lage deltakerliste. "
            "Grunnlaget er at Husbanken utfører en oppgave i allmennhetens interesse "
            "når vi legger til rette for læring mellom kommunene "
            "(personvernforordningen artikkel 6 nr. 1 bokstav e).</p>"
            "<p>Opplysninger om matbehov kan si noe om helsen din. Dem behandler vi "
            "bare fordi du selv har valgt å gi dem til oss (artikkel 9 nr. 2 bokstav "
            "a), og du kan når som helst be oss slette dem.</p>"
        ),
        heading("Hvem som ser opplysningene"),
        paragraph(
            "<p>Bare de som arrangerer samlingen i Husbanken, ser deltakerlisten. "
            "Stedet der samlingen holdes, får vite hvor mange som kommer og hvilke "
            "typer spesialkost som trengs, men ikke hvem behovene gjelder. Vi bruker "
            "ikke opplysningene til markedsføring.</p>"
        ),
        heading("Hvor lenge vi lagrer opplysningene"),
        paragraph(
            "<p>Opplysninger om matbehov sletter vi først, så snart samlingen er "
            "holdt. Resten av påmeldingen sletter vi 30 dager etter samlingen. Etter "
            "det beholder vi bare hvor mange som deltok fra hver kommune, uten navn, "
            "til statistikk.</p>"
            "<p>Deltar du for en programkommune, spør vi deg tre måneder etter "
            "samlingen hva dere har prøvd hjemme. Da beholder vi navnet og "
            "e-postadressen din til dette spørsmålet er stengt, fire måneder etter "
            "samlingen, om du ikke har svart eller bedt om å slippe før. Evalueringen "
            "dagen etter samlingen er anonym: svarene lagres uten navnet ditt. Hver "
            "e-post har en lenke der du kan si nei takk til flere.</p>"
        ),
        fact_box(
            "Kort fortalt",
            "<ul>"
            "<li>Vi lagrer bare det vi trenger for å gjennomføre samlingen.</li>"
            "<li>Matbehov oppgir du frivillig, og det slettes først.</li>"
            "<li>Alt om deg slettes 30 dager etter samlingen, eller fire måneder "
            "etter om du deltok for en programkommune og skal få spørsmål om hva dere "
            "prøvde hjemme.</li>"
            "<li>Du kan når som helst be om innsyn, retting og sletting.</li>"
            "</ul>",
        ),
        heading("Informasjonskapsler og logger"),
        paragraph(
            "<p>Nettstedet bruker ingen analyseverktøy og ingen informasjonskapsler "
            "som sporer deg. Vi setter bare informasjonskapsler som trengs for at "
            "nettstedet skal virke, for eksempel for å beskytte skjemaer mot misbruk "
            "og for at redaktørene skal kunne logge inn. Serveren fører en teknisk "
            "logg med blant annet IP-adresse, som vi bruker til drift og sikkerhet, og "
            "som slettes etter kort tid.</p>"
        ),
        heading("Dine rettigheter"),
        paragraph(
            "<p>Du har rett til innsyn i opplysningene vi har om deg, og til å få "
            "uriktige opplysninger rettet. Du kan be oss slette opplysninger eller "
            "begrense bruken av dem, og du kan protestere mot behandlingen. Vil du "
            "melde deg av en samling, bruker du lenken i bekreftelsen du fikk på "
            "e-post.</p>"
            f"<p>Ta kontakt på {CONTACT_EMAIL}. Vi svarer så raskt vi kan, og senest "
            "innen én måned.</p>"
            "<p>Mener du at vi behandler personopplysninger i strid med regelverket, "
            "kan du klage til Datatilsynet (datatilsynet.no).</p>"
        ),
    ],
}

ACCESSIBILITY = {
    "slug": "tilgjengelighet",
    "title": "Tilgjengelighetserklæring",
    "show_in_menus": False,
    "intro": (
        "Husbanken vil at alle skal kunne bruke nettstedet for Boligsosialt "
        "velferdsprogram, uansett funksjonsevne og hjelpemidler. Her står hvordan vi "
        "oppfyller kravene til universell utforming, og hvordan du melder fra om feil."
    ),
    "body": [
        heading("Krav og mål"),
        paragraph(
            "<p>Offentlige nettsteder i Norge skal følge forskrift om universell "
            "utforming av informasjons- og kommunikasjonsteknologiske (IKT-)løsninger. "
            "Vi har som mål at nettstedet oppfyller suksesskriteriene i WCAG 2.1 på "
            "nivå A og AA.</p>"
        ),
        heading("Slik arbeider vi med tilgjengelighet"),
        paragraph(
            "<p>Vi tester alle sidetypene automatisk med verktøyet axe, og vi bruker "
            "tastatur og skjermleser når vi går gjennom nye sider. Skjemaer og filtre "
            "virker uten JavaScript, og bilder som formidler innhold, har en "
            "tekstbeskrivelse.</p>"
        ),
        heading("Kjente mangler"),
        paragraph(
            "<p>Noen presentasjoner fra samlingene er lagt ut som PDF- eller "
            "PowerPoint-filer slik foredragsholderne laget dem. Disse dokumentene er "
            "ikke alltid universelt utformet. Trenger du innholdet i en annen form, "
            "sender vi det gjerne til deg.</p>"
        ),
        fact_box(
            "Meld fra om feil",
            "<p>Får du problemer med å bruke nettstedet, vil vi gjerne vite det. Send "
            f'e-post til <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a> og '
            "fortell hvilken side det gjelder og hva som ikke virket.</p>",
        ),
        heading("Tilsyn og klage"),
        paragraph(
            "<p>Tilsynet for universell utforming av ikt fører tilsyn med at "
            "nettsteder følger regelverket. Får du ikke svar fra oss, eller er du ikke "
            "fornøyd med svaret, kan du melde fra til tilsynet på uutilsynet.no.</p>"
        ),
    ],
}

STANDARD_PAGES = [ABOUT, PRIVACY, ACCESSIBILITY]

MUNICIPALITY_INDEX = {
    "slug": "kommuner",
    "title": "Programkommuner",
    "show_in_menus": True,
    "intro": (
        "Kommunene som er med i Boligsosialt velferdsprogram. Se hva hver kommune "
        "arbeider med, hvem du kan kontakte, og hva som har endret seg for folk."
    ),
}


# --- Municipalities. Outcomes: (year, homeless settled, temporary to permanent,
# new municipal rental homes); invented demo figures. Contacts: (person slug, role). ---

MUNICIPALITIES = [
    {
        "name": "Karmøy",
        "number": "1149",
        "county": County.ROGALAND,
        "region": Region.VEST,
        "year_joined": 2014,
        "image": "coast",
        "intro": (
            "Øykommunen i Nord-Rogaland ble programkommune i 2014 og vil at flere "
            "vanskeligstilte skal få en bolig og klare å bli boende i den."
        ),
        "profile": (
            "<p>Karmøy ligger ytterst mot havet i Nord-Rogaland, med tettstedene "
            "Kopervik, Åkrehamn og Skudeneshavn. Kommunen kom med en stor delegasjon "
            "til oppstartsamlingen for de nye programkommunene.</p>"
            "<p>Som nabo til Haugesund merker Karmøy presset i boligmarkedet i "
            "regionen. Når det er få ledige utleieboliger, konkurrerer ulike grupper "
            "av vanskeligstilte om de samme boligene. Kommunen ser derfor på hele "
            "kjeden: nye kommunale utleieboliger, flere som flytter videre fra dem, og "
            "avtaler med private utleiere.</p>"
        ),
        "goals": (
            "<ul>"
            "<li>Alle som er bostedsløse i kommunen, skal ha fått en varig bolig før "
            "programperioden er over.</li>"
            "<li>Flere leietakere skal flytte fra kommunal bolig til en bolig de leier "
            "eller eier selv.</li>"
            "<li>Kommunen skal inngå flere leieavtaler med private utleiere.</li>"
            "</ul>"
        ),
        "outcomes": [(2015, 7, 5, 4), (2016, 11, 8, 6)],
        "contacts": [("sverre-hoynes", "Programkoordinator i Husbanken")],
    },
    {
        "name": "Haugesund",
        "number": "1106",
        "county": County.ROGALAND,
        "region": Region.VEST,
        "year_joined": 2014,
        "intro": (
            "Byen ved Karmsundet er regionsenter i Nord-Rogaland og ble programkommune "
            "i 2014."
        ),
        "profile": (
            "<p>Haugesund er en tett bykommune der mange små utleieboliger ligger i og "
            "nær sentrum. Kommunen vil bruke programmet til å samle det boligsosiale "
            "arbeidet, som i dag er spredt på flere enheter, slik at den som trenger "
            "hjelp, møter én dør inn.</p>"
        ),
        "goals": (
            "<ul>"
            "<li>Færre skal bo lenge i midlertidige botilbud.</li>"
            "<li>Tjenestene skal samarbeide bedre om oppfølging i hjemmet.</li>"
            "</ul>"
        ),
        "outcomes": [(2015, 9, 6, 2), (2016, 12, 9, 5)],
    },
    {
        "name": "Bodø",
        "number": "1804",
        "county": County.NORDLAND,
        "region": Region.NORD,
        "year_joined": 2014,
        "intro": (
            "Den største byen i Nordland ble programkommune i 2014 og vil gi flere "
            "barnefamilier og unge en trygg bolig."
        ),
        "profile": (
            "<p>Bodø har vokst mye de siste årene, og leiemarkedet er stramt. Kommunen "
            "vil bruke programmet til å se tildeling av kommunale boliger, startlån og "
            "oppfølging i sammenheng.</p>"
        ),
        "goals": (
            "<ul>"
            "<li>Flere barnefamilier med lav inntekt skal bo stabilt og godt.</li>"
            "<li>Unge som skal etablere seg for første gang, skal få hjelp til å finne "
            "og beholde en bolig.</li>"
            "</ul>"
        ),
        "outcomes": [(2015, 8, 6, 4), (2016, 10, 9, None)],
    },
    {
        "name": "Trondheim",
        "number": "5001",
        "county": County.TRONDELAG,
        "region": Region.MIDT,
        "year_joined": 2014,
        "intro": (
            "Landets tredje største by ble programkommune i 2014, med vekt på "
            "bostedsløse og oppfølging i hjemmet."
        ),
        "profile": (
            "<p>Trondheim har et stort og presset leiemarked, ikke minst fordi byen "
            "har mange studenter. Kommunen vil få flere fra midlertidige botilbud over "
            "i varige boliger og styrke oppfølgingen av dem som har rusproblemer eller "
            "psykiske lidelser.</p>"
        ),
        "goals": (
            "<ul>"
            "<li>Ingen skal bo i et midlertidig botilbud i mer enn tre måneder.</li>"
            "<li>Flere skal få oppfølging som gjør at de klarer å beholde boligen.</li>"
            "</ul>"
        ),
        "outcomes": [(2015, 24, 17, 10), (2016, 31, 22, 14)],
    },
    {
        "name": "Kristiansand",
        "number": "4204",
        "county": County.AGDER,
        "region": Region.SOR,
        "year_joined": 2014,
        "intro": (
            "Den største byen på Sørlandet ble programkommune i 2014 og vil se bolig, "
            "tjenester og økonomi i sammenheng."
        ),
        "profile": (
            "<p>Kristiansand er regionsenter i Agder. Kommunen vil bruke Husbankens "
            "virkemidler mer aktivt og regne på økonomien i nye utleieboliger med "
            "bostøtten tatt med.</p>"
        ),
        "goals": (
            "<ul>"
            "<li>Kommunen skal skaffe flere egnede utleieboliger.</li>"
            "<li>Flere leietakere i kommunale boliger skal få hjelp til å kjøpe egen "
            "bolig med startlån.</li>"
            "</ul>"
        ),
        "outcomes": [(2015, 13, 9, 6), (2016, 16, 12, 8)],
    },
    {
        "name": "Drammen",
        "number": "3301",
        "county": County.BUSKERUD,
        "region": Region.OST,
        "year_joined": 2014,
        "intro": (
            "Byen ved Drammenselva ble programkommune i 2014 og arbeider for at "
            "tjenestene skal trekke i samme retning."
        ),
        "profile": (
            "<p>Drammen er en av de største byene på Østlandet. I 2020 ble Nedre Eiker "
            "og Svelvik slått sammen med Drammen. Kommunen vil bruke programmet til å "
            "få kommunale og statlige tjenester til å møte den enkelte som én "
            "helhet.</p>"
        ),
        "goals": (
            "<ul>"
            "<li>Alle som trenger det, skal få én samlet plan for bolig og "
            "oppfølging.</li>"
            "<li>Flere skal flytte fra midlertidig til varig bolig.</li>"
            "</ul>"
        ),
        "outcomes": [(2015, 11, 8, 3), (2016, 14, 10, 6)],
    },
    {
        "name": "Gjøvik",
        "number": "3407",
        "county": County.INNLANDET,
        "region": Region.OST,
        "year_joined": 2014,
        "intro": (
            "Byen ved Mjøsa ble programkommune i 2014 og vil gi flere et godt og varig "
            "sted å bo."
        ),
        "profile": (
            "<p>Gjøvik ligger på vestsiden av Mjøsa og er regionsenter for kommunene "
            "rundt. Kommunen vil bruke Brukerplan for å få oversikt over hvem som "
            "trenger bolig og tjenester, og planlegge boligbehovet ut fra det.</p>"
        ),
        "goals": (
            "<ul>"
            "<li>Kommunen skal ha oversikt over alle som er bostedsløse eller står i "
            "fare for å bli det.</li>"
            "<li>Flere med rusproblemer eller psykiske lidelser skal bo i egen bolig "
            "med oppfølging.</li>"
            "</ul>"
        ),
        "outcomes": [(2015, 5, 4, 2), (2016, 7, 6, 4)],
    },
    {
        "name": "Fjell",
        "number": "1246",
        "county": County.VESTLAND,
        "region": Region.VEST,
        "year_joined": 2011,
        "intro": (
            "Øykommunen vest for Bergen var programkommune før de sju nye kom med i "
            "2014, og delte erfaringene sine med dem."
        ),
        "profile": (
            "<p>Fjell lå på Sotra vest for Bergen. Kommunen ble med i Boligsosialt "
            "velferdsprogram i 2011 og satte sammen en programgruppe der flere "
            "fagområder var representert. Erfaringer fra andre kommuner, fagsamlinger "
            "og konferanser har vært viktige i arbeidet.</p>"
            "<p>Fra 1. januar 2020 er Fjell en del av Øygarden kommune, sammen med "
            "Sund og gamle Øygarden. Kommunenummeret 1246 tilhørte Fjell fram til "
            "sammenslåingen.</p>"
        ),
        "goals": (
            "<ul>"
            "<li>Det boligsosiale arbeidet skal være forankret i alle fagområder som "
            "har en rolle i det.</li>"
            "<li>Flere vanskeligstilte skal få en varig bolig med den oppfølgingen de "
            "trenger.</li>"
            "</ul>"
        ),
        "outcomes": [(2014, 6, 5, 3), (2015, 8, 6, 4), (2016, 9, 7, 2)],
        "contacts": [("cecilie-krohn", "Programkoordinator")],
    },
]
