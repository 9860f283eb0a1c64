"""What tells a text in nynorsk from one in bokmål, for the tests of both."""

import re

# Words that bokmål has and nynorsk writes otherwise (ikkje, kva, korleis …): none of
# them may be left in the interface of a page in nynorsk.
BOKMAL_ONLY = {
    "ikke", "hva", "hvordan", "hvem", "hvor", "hvilke", "hvilken", "hvis", "fra",
    "mer", "være", "noen", "noe", "mye", "jeg", "dere", "deres", "uten", "allerede",
    "navn", "hjem", "hjemme", "ble", "siden", "kommunene", "kommuner", "erfaringer",
    "eksempler", "resultater", "påmeldingen", "samlingen", "samlinger", "deltakere",
    "hovedinnholdet", "nettstedet", "velkommen", "flere", "dager", "uker", "måneder",
    "personer", "avmeldingen", "bekreftelse", "vennligst", "nettsted", "hovedmeny",
    "søkeresultater", "treffene", "gjennomføre", "tilgjengelighetserklæring",
}  # fmt: skip


def bokmal_words(text):
    """The bokmål-only words in ``text`` (lower case), its addresses left out (their
    paths are the same in both)."""
    text = re.sub(r"https?://\S+", " ", text)
    return set(re.findall(r"\w+", text.lower())) & BOKMAL_ONLY
