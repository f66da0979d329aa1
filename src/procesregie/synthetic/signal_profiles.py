"""How often the demo's signals come in per approach, from whom, and what they are about (demo_signals.py).

Radicalisering starts from signals (Radicalisering Stad: 163 meldingen and adviesgesprekken in 2024 beside about ten
new cases); Top X, OGG, MDA++ and Levensloop get far fewer. Reporters are organisation kinds (or codes) by weight; a
gemeente is the one of the signal's municipality. Approaches not listed take their parent's profile, or one by unit.
"""

from dataclasses import dataclass, replace

from procesregie.reference.models import Approach

from . import signal_texts as texts


@dataclass(frozen=True)
class SignalProfile:
    per_year: float
    consultations: tuple[texts.Consultation, ...]
    reporters: dict[str, float]  # organisation code or kind -> weight; a gemeente is the signal's municipality's
    age_range: tuple[int, int] = (18, 55)
    advice_share: float = 0.6  # adviesgesprekken; the others are meldingen
    anonymous_share: float = 0.35  # of the adviesgesprekken
    from_signal: float = 0.2  # share of the approach's new registrations that a signal came before


_RADICALISATION = SignalProfile(
    160, texts.RADICALISATION, {"gemeente": 40, "politie": 25, "ggz": 10, "jeugdbescherming": 8, "reclassering": 7,
                                "om": 5, "veilig-thuis": 5},
    age_range=(14, 45), advice_share=0.7, anonymous_share=0.45, from_signal=0.6,
)
_TOP_X = SignalProfile(24, texts.TOP_X, {"politie": 45, "gemeente": 35, "reclassering": 15, "om": 5})
SIGNAL_PROFILES = {
    "radicalisering-stad": _RADICALISATION,
    "radicalisering-oost": replace(_RADICALISATION, per_year=40),
    "radicalisering-west": replace(_RADICALISATION, per_year=30),
    "topx": _TOP_X,
    "topx-jeugd": replace(_TOP_X, consultations=texts.YOUTH, age_range=(12, 21),
                          reporters={"politie": 40, "gemeente": 30, "jeugdbescherming": 15, "rvdk": 15}),
    "topx-ogg": SignalProfile(30, texts.CONFUSED_BEHAVIOUR, {"gemeente": 35, "politie": 35, "ggz": 25, "wonen": 5},
                              age_range=(18, 75)),
    "mda": SignalProfile(30, texts.DOMESTIC_VIOLENCE, {"veilig-thuis": 45, "gemeente": 20, "politie": 15,
                                                       "jeugdbescherming": 10, "rvdk": 10}, age_range=(25, 50)),
    "levensloop": SignalProfile(12, texts.LIFELONG, {"gemeente": 40, "ggz": 30, "reclassering": 20, "zorg": 10},
                                age_range=(25, 65), anonymous_share=0.2),
}


def signal_profile(approach: Approach) -> SignalProfile:
    """The approach's own profile, its parent's, or by unit."""
    for code in (approach.code, approach.parent.code if approach.parent_id else None):
        if code in SIGNAL_PROFILES:
            return SIGNAL_PROFILES[code]
    return SIGNAL_PROFILES["mda"] if approach.unit == "system" else _TOP_X

