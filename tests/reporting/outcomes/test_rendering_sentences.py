"""The plain-language sentences beside the outcomes figures: what a manager reads must be true for every shape of
the figures (the 2016 case, no comparison group, nobody with a registration before, a small group, an empty
approach, a rise, hidden counts) and never tell more than the tables."""

from __future__ import annotations

import copy

import pytest
from django.utils import translation

from procesregie.reporting.rendering.outcomes import publish_outcomes, render_outcomes_html
from procesregie.reporting.rendering.outcomes.sentences import recidivism_sentences

from .rendering_sample import TOPX_OOST, one_approach, sample_outcome_labels, sample_outcomes


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def said(document, code="topx-oost", n=None) -> list[str]:
    shown = publish_outcomes(document, n, labels=sample_outcome_labels()).document
    return [sentence.replace("\u00a0", " ")  # "−39,0 %" has a no-break space before its sign
            for sentence in recidivism_sentences(shown["approaches"][code]["recidivism"], window="in 2023")]


def text(document, code="topx-oost", n=None) -> str:
    return " ".join(said(document, code, n))


def test_the_2016_case_reads_as_the_house_wrote_it_and_says_what_it_does_not_show():
    sentences = said(sample_outcomes())
    assert sentences[0] == ("Bij de 281 personen die in 2023 voor het eerst zijn besproken, daalde het aantal "
                            "politieregistraties van 1.943 in het jaar ervoor naar 1.185 in het jaar erna (−39,0 %).")
    assert sentences[1].startswith("Een daling direct na de selectie is deels regressie naar het gemiddelde: mensen "
                                   "worden aangemeld in een slecht jaar")
    assert sentences[2].startswith("De vergelijkingsgroep is de maatstaf: bij de 40 personen van wie de aanmelding "
                                   "in 2023 bij de triage werd afgewezen, daalde het aantal politieregistraties van "
                                   "200 in het jaar ervoor naar 170 in het jaar erna (−15,0 %).")
    assert "(−39,0 % tegen −15,0 %)" in sentences[2]
    assert sentences[3].startswith("Het 95%-interval van de verandering loopt van −44,1 % tot −33,6 %")
    assert "Bij de vergelijkingsgroep loopt het van −30,2 % tot +2,1 %." in sentences[3]
    assert "kan ook toeval zijn" not in sentences[3]  # the interval lies below 0
    assert "de aanpak de oorzaak is" in sentences[4]
    assert sentences[5] == ("Niet meegeteld: 12 personen die nog geen vol jaar na hun eerste bespreking zijn gevolgd "
                            "en 2 personen die binnen dat jaar overleden.")
    assert "klein" not in " ".join(sentences)  # 281 persons is not a small group


def test_without_a_comparison_group_the_sentence_says_there_is_no_yardstick():
    sentence = text(sample_outcomes(), "topx-west")
    assert "Er is geen vergelijkingsgroep" in sentence
    assert "niet te zeggen welk deel van de verandering er ook zonder de aanpak was gekomen" in sentence
    assert "De vergelijkingsgroep is de maatstaf" not in sentence


def test_a_small_group_is_called_small_and_an_interval_around_zero_may_be_chance():
    sentence = text(sample_outcomes(), "topx-west")
    assert "Met 7 personen is de groep klein" in sentence
    assert "Het interval bevat 0: de verandering kan ook toeval zijn." in sentence


def test_nobody_with_a_registration_before_gives_no_percentage_and_no_interval():
    sentence = text(sample_outcomes(), "topx-ogg")
    assert ("was er in het jaar ervoor geen enkele politieregistratie en waren het er 2 in het jaar erna; een "
            "percentage is daarom niet te berekenen") in sentence
    assert "Een interval is niet te berekenen zonder registraties in het jaar ervoor." in sentence
    assert "regressie" not in sentence  # nothing dropped
    assert "daalde" not in sentence and "steeg" not in sentence


def test_an_empty_approach_says_there_is_nobody_to_measure_yet():
    sentences = said(sample_outcomes(), "levensloop")
    assert sentences == ["Er is nog niemand om te meten: niemand die in 2023 voor het eerst is besproken, is al een "
                         "vol jaar daarna gevolgd."]
    block = copy.deepcopy(sample_outcomes()["approaches"]["levensloop"])
    block["recidivism"]["not_eligible"] = 6
    assert said(one_approach(block))[1] == ("Niet meegeteld: 6 personen die nog geen vol jaar na hun eerste "
                                            "bespreking zijn gevolgd.")


def test_a_rise_is_called_a_rise_without_the_regression_sentence():
    block = copy.deepcopy(TOPX_OOST)
    block["recidivism"].update(registrations_before=100, registrations_after=120, change_pct=20.0,
                               by_kind={"misdrijf": {"before": 100, "after": 120}}, ci95_change_pct=[5.2, 36.0])
    sentence = text(one_approach(block))
    assert "steeg het aantal politieregistraties van 100 in het jaar ervoor naar 120 in het jaar erna (+20,0 %)" \
        in sentence
    assert "regressie" not in sentence
    block["recidivism"].update(registrations_after=100, change_pct=0.0, by_kind={"misdrijf": {"before": 100,
                                                                                           "after": 100}})
    assert "bleef het aantal politieregistraties gelijk: 100 in het jaar ervoor en in het jaar erna" in text(
        one_approach(block))


def test_hidden_counts_are_said_in_words_and_no_direction_or_percentage_gives_them_away():
    sentence = text(sample_outcomes(), "topx-ogg", n=5)  # 3 persons, 0 before and 2 after
    assert "Bij de groep van minder dan 5 personen" in sentence
    assert "0 politieregistraties in het jaar ervoor en minder dan 5 in het jaar erna" in sentence
    assert "staat de verandering er niet bij" in sentence
    assert " 2 " not in sentence and "3 personen" not in sentence
    assert "Met minder dan 5 personen is de groep klein" in sentence
    assert "Het interval staat er niet bij, omdat het een afgeschermd aantal zou verraden." in sentence
    west = text(sample_outcomes(), "topx-west", n=20)  # 7 persons, 19 before and 16 after: all below 20
    assert "daalde" not in west and "−15,8" not in west and "19" not in west and "16" not in west
    assert "minder dan 20 politieregistraties in het jaar ervoor en minder dan 20 in het jaar erna" in west


def test_every_figure_on_the_page_has_its_sentences():
    html = render_outcomes_html(sample_outcomes(), labels=sample_outcome_labels(), standalone=False)
    assert "−39,0\u00a0%" in html
    assert html.count("Wat de cijfers niet laten zien, is dat de aanpak de oorzaak is") == 5  # not the empty one
    assert html.count("Wat het niet laat zien: of de vooruitgang door de aanpak komt.") == 4  # domain charts
    assert "Te laat: nog afgesproken of lopend terwijl de einddatum vóór 1 januari 2025 lag." in html


def test_one_person_is_one_person():
    block = copy.deepcopy(TOPX_OOST)
    block["recidivism"].update(n=1, registrations_before=3, registrations_after=1, change_pct=-66.7,
                               by_kind={"misdrijf": {"before": 3, "after": 1}}, ci95_change_pct=None)
    assert said(one_approach(block))[0] == ("Bij de 1 persoon die in 2023 voor het eerst is besproken, daalde het "
                                            "aantal politieregistraties van 3 in het jaar ervoor naar 1 in het jaar "
                                            "erna (−66,7 %).")


def _recidivism(**figures) -> dict:
    block = copy.deepcopy(TOPX_OOST)
    block["recidivism"].update(figures)
    return one_approach(block)


def test_nobody_with_a_registration_before_or_after_reads_as_plain_dutch():
    sentence = said(_recidivism(n=1, registrations_before=0, registrations_after=0, change_pct=None, by_kind={},
                                persons_any_before=0, persons_any_after=0, ci95_change_pct=None))[0]
    assert sentence == ("Bij de 1 persoon die in 2023 voor het eerst is besproken, was er in het jaar ervoor en in "
                        "het jaar erna geen enkele politieregistratie.")


def test_one_registration_after_none_before_is_singular():
    sentence = said(_recidivism(n=3, registrations_before=0, registrations_after=1, change_pct=None,
                                by_kind={"misdrijf": {"before": 0, "after": 1}}, persons_any_before=0,
                                persons_any_after=1, ci95_change_pct=None))[0]
    assert "geen enkele politieregistratie en was het er 1 in het jaar erna;" in sentence


def test_an_interval_without_width_is_not_presented_as_the_room_chance_leaves():
    document = _recidivism(n=2, registrations_before=2, registrations_after=2, change_pct=0.0,
                           by_kind={"misdrijf": {"before": 2, "after": 2}}, persons_any_before=2, persons_any_after=2,
                           ci95_change_pct=[0.0, 0.0])
    document["approaches"]["topx-oost"]["recidivism"]["comparison"].update(
        n=1, registrations_before=3, registrations_after=1, change_pct=-66.7, ci95_change_pct=[-66.7, -66.7],
        by_kind={"misdrijf": {"before": 3, "after": 1}}, persons_any_before=1, persons_any_after=1)
    sentence = text(document)
    assert ("Het 95%-interval van de verandering (0,0 % tot 0,0 %) heeft geen breedte: met zo weinig personen laat "
            "de bootstrap de speling door toeval niet zien, en die is juist groot.") in sentence
    assert ("Bij de vergelijkingsgroep heeft het geen breedte (−66,7 % tot −66,7 %): te weinig personen om de "
            "speling te laten zien.") in sentence
    assert "zoveel speling" not in sentence and "Het interval bevat 0" not in sentence
