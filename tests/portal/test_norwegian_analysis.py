"""The Norwegian analysis the site search gives pages and queries alike."""

import pytest
from django.core.checks import run_checks
from hypothesis import given
from hypothesis import strategies as st

from portal.search import norwegian


def terms(text):
    return [word.terms for word in norwegian.words(text)]


@pytest.mark.parametrize(
    "compound, parts",
    [
        ("utleieboliger", ("utlei", "bolig")),
        ("boligsosialt", ("bolig", "sosial")),
        ("tilskuddsordning", ("tilskud", "ordning")),  # linking s
        ("bostedsløse", ("bosted", "los")),  # linking s before a short part
        ("vanskeligstilte", ("vanskelig", "stilt")),  # no link where none is allowed
        ("oppfølgingstjeneste", ("oppfolging", "tjenest")),
        ("fagsamlingen", ("fag", "samling")),  # the programme's short first part
        ("leiekontrakter", ("leie", "kontrakt")),
        ("utleigebustader", ("utleig", "bustad")),  # by the nynorsk dictionary
        ("programkommunane", ("program", "kommun")),
    ],
)
def test_compounds_split_by_the_dictionary(compound, parts):
    assert norwegian.analyse(compound).parts == parts


@pytest.mark.parametrize(
    "word", ["kommunene", "samarbeid", "forsikring", "husbanken", "bolig", "ilte"]
)
def test_words_that_are_not_compounds_stay_whole(word):
    assert norwegian.analyse(word).parts == ()


@pytest.mark.parametrize(
    "forms",
    [
        ("bostedsløs", "bostedsløse", "bostedslose", "bostedslos", "BOSTEDSLØSE"),
        ("karmøy", "karmoy", "Karmøys", "KARMØY"),
        ("leietaker", "leietakere", "leietakeren", "leietakerne"),
        ("kommune", "kommunen", "kommunene", "kommunens", "kommunane", "kommunar"),
        ("erfaring", "erfaringer", "erfaringene", "erfaringar", "erfaringane"),
        ("påmelding", "påmeldingen", "påmeldinga"),
        ("bustad", "bustader", "bustaden"),
        ("program", "programmet", "programmer"),
        ("åkrehamn", "aakrehamn", "akrehamn"),
        ("boligsosial", "boligsosialt", "boligsosiale"),
    ],
)
def test_inflections_and_spellings_meet_in_one_term(forms):
    assert len({norwegian.analyse(form.lower()).term for form in forms}) == 1


def test_stop_words_are_left_out_of_a_question():
    assert [word.form for word in norwegian.words("Hvordan kan vi få det til?")] == []
    assert [
        word.form
        for word in norwegian.words("Hvordan kan kommunen leie boliger av private?")
    ] == ["kommunen", "leie", "boliger", "private"]


def test_nynorsk_stop_words_are_left_out_too():
    assert [word.form for word in norwegian.words("Korleis kan vi få det til?")] == []
    assert [
        word.form for word in norwegian.words("Kva har kommunane ikkje prøvd?")
    ] == [
        "kommunane",
        "prøvd",
    ]


def test_without_the_dictionaries_only_the_programmes_own_words_split(settings):
    norwegian.compound_words.cache_clear()
    norwegian.analyse.cache_clear()
    settings.NORWEGIAN_DICTIONARY = "/finnes/ikke/nb_NO.dic"
    settings.NYNORSK_DICTIONARY = "/finnes/ikke/nn_NO.dic"
    try:
        assert norwegian.analyse("utleieboliger").parts == ()
        assert norwegian.analyse("utleigebustader").parts == ()
        assert norwegian.analyse("utleieboligbostotte").parts == (
            "utleiebolig",
            "bostot",
        )
        assert [message.id for message in run_checks()] == [
            "portal.W010",
            "portal.W011",
        ]
    finally:
        norwegian.compound_words.cache_clear()
        norwegian.analyse.cache_clear()


@given(st.text(max_size=300))
def test_any_text_is_analysed_into_short_terms(text):
    for word in norwegian.words(text):
        assert all(0 < len(term) <= norwegian.MAX_WORD for term in word.terms)


@pytest.mark.parametrize(
    "encoding, aff",
    [("utf-8", "SET UTF-8\n"), ("iso-8859-1", "SET ISO8859-1\n"), ("iso-8859-1", "")],
)
def test_a_dictionary_is_read_in_the_encoding_its_aff_names(
    tmp_path, settings, encoding, aff
):
    """npm's dictionary-nb is UTF-8, Debian's hunspell-no ISO 8859-1: both split."""
    (tmp_path / "nb_NO.aff").write_text(f"# Norsk\n{aff}", encoding="ascii")
    (tmp_path / "nb_NO.dic").write_text(
        "2\nbørs/z\\\nhandlingsløp/z\n", encoding=encoding
    )
    norwegian.compound_words.cache_clear()
    norwegian.analyse.cache_clear()
    settings.NORWEGIAN_DICTIONARY = str(tmp_path / "nb_NO.dic")
    try:
        assert norwegian.dictionary_encoding(tmp_path / "nb_NO.dic") == encoding
        assert "handlingslop" in norwegian.compound_words().heads
    finally:
        norwegian.compound_words.cache_clear()
        norwegian.analyse.cache_clear()
