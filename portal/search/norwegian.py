"""Norwegian text analysis for the site search, the same for pages and for queries.

Every word goes through the same steps, in Python, so that SQLite and PostgreSQL (a managed
one included, where no dictionary files can be installed) find exactly the same:

1. **Folding**: lower case, ``æ`` → ``ae``, ``ø`` → ``o``, ``å`` and ``aa`` → ``a``, accents
   dropped. ``karmoy`` and ``Karmøy`` become the same word.
2. **Stop words** (``og``, ``hvordan``, ``kan`` …) are left out.
3. **Stemming**: the inflectional endings of bokmål (Snowball's Norwegian step 1 and 2, on
   the folded word; the derivational step 3 is left out, as it turns ``bolig`` into ``bol``).
   ``bostedsløs`` and ``bostedsløse`` get one stem. The steps are written out here rather
   than taken from the ``snowballstemmer`` package: it runs all three steps as one
   generated routine (``bolig`` → ``bol``, ``vanskelig`` → ``vansk``), its steps 1 and 2
   exist only as private methods, and a stem cannot be given back what step 3 took. Its
   rules also expect ``æøå``, while the words here are folded first, and on their own they
   leave ``leietakere``/``leietakerne`` and ``program``/``programmet`` apart; the additions
   in ``stem`` bring those together.
4. **Compounds** are split by the bokmål and nynorsk Hunspell dictionaries (npm's
   ``dictionary-nb`` and ``dictionary-nn``): a word is a compound when it is two or
   more of the dictionaries' words that may form compounds (their ``COMPOUNDFLAG``),
   each at least four letters, with a linking ``s`` or ``e`` between them where needed.
   ``utleieboliger`` is ``utleie`` + ``boliger``, so ``bolig`` finds it, and
   ``utleigebustader`` is ``utleige`` + ``bustader``; no fragment (``ilte``, ``sial``) is
   a part of anything.

Nynorsk and bokmål share the stemming: ``kommunane`` and ``kommunene`` have one stem,
so a query in one standard finds the other's pages where the stem is shared.

The dictionaries are read once per process (about a second), when first needed.
"""

import functools
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

WORD = re.compile(r"\w+")
MIN_PART = 4  # the dictionary's COMPOUNDMIN: shorter parts are not split off
SHORT_HEADS = {"fag", "rus"}  # the programme's three-letter first parts (fagsamling)
MIN_COMPOUND = 2 * MIN_PART
MAX_WORD = 60  # longer "words" are not language: indexed whole, never analysed
# The dictionary's flags for the linking letters a first part takes (tilskudd-s-ordning,
# barn-e-hage); with a link is tried before without.
LINK_FLAGS = {"\\": "s", "_": "e"}

# The programme's own words, for compounding where the dictionary lacks them.
PROGRAMME_WORDS = {
    "bostotte",
    "boligsosial",
    "bostedslos",
    "gjennomstromning",
    "husbank",
    "startlan",
    "utleiebolig",
    "velferdsprogram",
    "kommunebolig",
}

# Snowball's Norwegian stop words (bokmål), and nynorsk's own forms of them, folded.
STOP_WORDS = frozenset(
    """
    og i jeg det at en et den til er som pa de med han av ikke der sa var meg seg men ett
    har om vi min mitt ha hadde hun na over da ved fra du ut sin dem oss opp man kan hans
    hvor eller hva skal selv her alle vil bli ble blitt kunne inn nar vaere kom noen noe
    ville dere deres kun ja etter ned skulle denne for deg si sine sitt mot meget hvorfor
    dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sann inni mellom var
    hver hvem hvis bade bare enn fordi for mange ogsa slik vaert begge siden hos hvilket
    gjor gjore gjort fa far fikk
    eg ein eit eitt ikkje inkje kva kvar kven kvi kvifor korleis nokon noko nokre nokor
    ho hja dei deira dykk dykkar vere vore vart verte blei medan sidan berre mykje
    """.split()  # noqa: SIM905 – a word list reads best as words
)

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ß": "ss"})
_VOWELS = frozenset("aeiouy")
# Step 1 of Snowball's Norwegian stemmer, longest first, with the plural of nouns in -er
# (leietakere, leietakerne), which Snowball leaves as leietaker.
_ENDINGS = sorted(
    """a e ede ande ende ane ene hetene en heten ar er heter as es edes endes enes
    hetenes ens hetens ers ets et het ast ere erne""".split(),  # noqa: SIM905
    key=len,
    reverse=True,
)
_DEFINITE = frozenset(("en", "et", "a", "e"))
_S_ENDING = frozenset("bcdfghjlmnoprtvyz")


def fold(word):
    """``word`` in lower case without æøå or accents: what both sides are compared in."""
    word = word.lower().translate(_FOLD).replace("aa", "a")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _region_start(word):
    """Snowball's R1: after the first consonant that follows a vowel, and at least 3."""
    for index in range(1, len(word)):
        if word[index] not in _VOWELS and word[index - 1] in _VOWELS:
            return max(index + 1, 3)
    return len(word)


def _drop_s(word, start):
    """A final ``s`` after a valid s-ending goes (genitive and passive)."""
    if len(word) - 1 >= start and word.endswith("s") and len(word) > 1:
        before = word[-2]
        if before in _S_ENDING or (
            before == "k" and len(word) > 2 and word[-3] not in _VOWELS
        ):
            return word[:-1]
    return word


def stem(word):
    """The stem of a folded word: inflectional endings off, as Snowball's steps 1–2.

    The s-rule is applied again after an ending goes, so that a stem does not depend on
    whether a reader typed ``ø`` or ``o`` (``bostedsløs`` and ``bostedslose`` meet), and
    so is ``-er`` after a definite ending (``leietakeren`` meets ``leietaker``).
    """
    start = _region_start(word)
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= start:
            word = word[: -len(ending)]
            if ending in _DEFINITE and word.endswith("er") and len(word) - 2 >= start:
                word = word[:-2]
            break
    else:
        if word.endswith(("erte", "ert")) and len(word) - 3 >= start:
            word = word[: word.rindex("ert")] + "er"
    word = _drop_s(word, start)
    if word.endswith(("dt", "vt")) and len(word) - 2 >= start:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _VOWELS:
        word = word[:-1]  # programmet → programm → program
    return word


def dictionary_encoding(path):
    """The encoding a Hunspell ``.dic`` is written in: its ``.aff``'s ``SET`` line
    (npm's dictionaries are UTF-8, Debian's ISO 8859-1, the Hunspell default)."""
    try:
        with path.with_suffix(".aff").open(encoding="ascii", errors="replace") as aff:
            for line in aff:
                if line.startswith("SET "):
                    return line.split()[1].lower().replace("iso8859", "iso-8859")
    except OSError:
        pass
    return "iso-8859-1"


@functools.cache
def compound_words():
    """The folded words of the bokmål and the nynorsk dictionary that may form
    compounds, with the programme's own, and their stems (for recognising an inflected
    last part)."""
    words = dict.fromkeys(PROGRAMME_WORDS, "")
    for standard, setting in (
        ("bokmål", "NORWEGIAN_DICTIONARY"),
        ("nynorsk", "NYNORSK_DICTIONARY"),
    ):
        path = Path(getattr(settings, setting))
        try:
            lines = path.read_text(encoding=dictionary_encoding(path)).splitlines()[1:]
        except OSError as error:
            logger.warning(
                "The %s dictionary %s could not be read (%s): its compounds are not "
                "split. Install it with: make install (npm ci)",
                standard,
                path,
                error,
            )
            continue
        for line in lines:
            word, _, flags = line.partition("/")
            flags = flags.split("\t", 1)[0]
            if "z" in flags and word.islower() and len(word) >= MIN_PART - 1:
                links = "".join(
                    link for flag, link in LINK_FLAGS.items() if flag in flags
                )
                folded = fold(word)
                words[folded] = "".join(sorted(set(words.get(folded, "") + links)))
    return _Lexicon(words)


class _Lexicon:
    """Words that may form compounds: each with the linking letters it takes as a first
    part, and the stems of all (for recognising an inflected last part)."""

    def __init__(self, words):
        self.heads = {
            word: (*links, "")
            for word, links in words.items()
            if len(word) >= MIN_PART or word in SHORT_HEADS
        }
        self.stems = frozenset(stem(word) for word in words)

    def part(self, word):
        """``word`` as a last part, when it is one of the words in some inflected form
        (an adjective's neuter -t dropped), else ``None``."""
        if stem(word) in self.stems:
            return word
        if word.endswith("t") and stem(word[:-1]) in self.stems:
            return word[:-1]
        return None


def split(word, lexicon=None):
    """The parts of a folded compound, or ``()`` when it is not one.

    The longest first part the dictionary knows is tried first, without a linking letter
    before with one; the rest must be a known word or a compound itself.
    """
    lexicon = compound_words() if lexicon is None else lexicon
    if len(word) < MIN_COMPOUND - 1:
        return ()
    for cut in range(len(word) - MIN_PART, MIN_PART - 2, -1):
        head = word[:cut]
        for link in lexicon.heads.get(head, ()):
            if not word.startswith(link, cut):
                continue
            tail = word[cut + len(link) :]
            # After a linking letter the boundary is clear: a three-letter last part
            # (bosteds-løs) is safe.
            if len(tail) < MIN_PART - bool(link):
                continue
            last = lexicon.part(tail)
            if last:
                return (head, last)
            rest = split(tail, lexicon)
            if rest:
                return (head, *rest)
    return ()


@dataclass(frozen=True)
class Word:
    """One analysed word: its stem (``term``) and the stems of its compound parts."""

    form: str
    term: str
    parts: tuple = ()

    @property
    def terms(self):
        return (self.term, *self.parts)


@functools.lru_cache(maxsize=200_000)
def analyse(form):
    """The analysis of one lower-case word, or ``None`` for a stop word."""
    folded = fold(form)
    if folded in STOP_WORDS:
        return None
    if len(folded) > MAX_WORD or not folded.isalpha():
        return Word(form, folded[:MAX_WORD])
    parts = split(folded)
    if parts and not folded.endswith(parts[-1]):
        folded = folded[:-1]  # the neuter -t its last part lost: boligsosialt
    term = stem(folded)
    stems = dict.fromkeys(stem(part) for part in parts)
    return Word(
        form, term, tuple(s for s in stems if len(s) >= MIN_PART - 1 and s != term)
    )


def words(text):
    """The analysed words of ``text``, in order, stop words left out."""
    for form in WORD.findall(text.lower()):
        word = analyse(form)
        if word is not None:
            yield word
