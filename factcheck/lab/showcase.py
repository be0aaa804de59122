"""The seed article's statements by source: the showcase the scorer is checked against."""

import itertools

SEED_STATEMENTS = [
    ("Ukraine", "Missiles were allegedly flying from Belarus in the direction of Kiev."),
    ("Oleksiy Danilov (Ukraine)", "Kiev may launch strikes against Belarus if deemed necessary."),
    (
        "Oleksiy Danilov (Ukraine)",
        "If necessary, if the decision of the Supreme Commander-in-Chief to do this is made, it will be done.",
    ),
    (
        "Pentagon official (US)",
        "The US administration sees no signs that Belarusian troops are entering Ukraine.",
    ),
    ("Pentagon official (US)", "There is no indication that Belarusian troops are entering Ukraine."),
    (
        "Alexander Lukashenko (Belarus)",
        "Not a single part of Belarusian armed forces has been withdrawn from their places of permanent "
        "deployment so far.",
    ),
    (
        "Alexander Lukashenko (Belarus)",
        "Belarus is ready for full wartime deployment of necessary military units in 2-3 days if necessary.",
    ),
    (
        "Alexander Lukashenko (Belarus)",
        "He asked Russian President Vladimir Putin to supply Belarus with an additional S-400 air defense "
        "system to be stationed west of Minsk to protect the country's territory.",
    ),
    ("Alexander Lukashenko (Belarus)", "Minsk is currently waiting for the Russian deliveries."),
    (
        "Alexander Lukashenko (Belarus)",
        "Very powerful forces are trying to undermine the negotiation process between Moscow and Kiev.",
    ),
    (
        "Office of Volodymyr Zelenskyy (Ukraine)",
        "The key issue of the negotiations is an immediate ceasefire and the withdrawal of troops from the "
        "territory of Ukraine.",
    ),
]


def cross_source_pairs() -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Every pair of seed statements whose sources differ, as ((source, text), (source, text))."""
    return [(a, b) for a, b in itertools.combinations(SEED_STATEMENTS, 2) if a[0] != b[0]]
