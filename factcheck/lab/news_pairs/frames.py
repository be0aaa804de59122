"""The event frames: one kind of news event each, with slots and the clauses that say, negate, swap,
elaborate or move it."""

import random
from dataclasses import dataclass, field

from factcheck.lab.news_pairs.vocabulary import (
    BILLS,
    CITIES,
    COMPANIES,
    COUNTRIES,
    DAYS,
    GROUPS,
    MONTHS,
    ROLES,
    TEAMS,
    WEAPONS,
    _number,
    _pct,
    _person,
)


@dataclass
class Frame:
    """One kind of event. `pos`: clause forms that say it happened (paraphrases of each other).

    `neg`: the same clause negated. `anto`: the opposite verb. `slot_fns` draw slot values;
    `swap`: slots whose other value names another culprit/place/winner of the same event
    (a contradiction); `ident`: slots that pick out which event it is (another value is another
    event). `elab`: extra detail for the same event; `cons`: a consequence; `aside`: another aspect
    of the same event (often with a negation, still compatible); `clash`: world-knowledge clash.
    `hedge_clause`: progressive or bare form used after "no indication that".
    """

    name: str
    slots: dict
    pos: list
    neg: list
    anto: list = field(default_factory=list)
    swap: list = field(default_factory=list)
    ident: list = field(default_factory=list)
    numeric: list = field(default_factory=list)
    elab: list = field(default_factory=list)
    cons: list = field(default_factory=list)
    aside: list = field(default_factory=list)
    clash: list = field(default_factory=list)
    hedge_clause: list = field(default_factory=list)


def _country(rng):
    return rng.choice(COUNTRIES)


def _draw(rng: random.Random, frame: Frame) -> dict:
    values = {}
    for name, fn in frame.slots.items():
        values[name] = fn(rng, values)
    return values


def _c(idx):
    return lambda rng, v: rng.choice(COUNTRIES)[idx]


def _distinct(pool, *others):
    def draw(rng, v):
        taken = {v.get(o) for o in others}
        while True:
            x = rng.choice(pool)
            if x not in taken:
                return x

    return draw


def _pick(pool):
    return lambda rng, v: rng.choice(pool)


FRAMES = [
    Frame(
        "troops",
        {"dem": _c(1), "country2": _c(0), "day": _pick(DAYS)},
        pos=[
            "{dem} troops crossed into {country2} on {day}",
            "{dem} soldiers entered {country2} on {day}",
            "{dem} forces moved across the border into {country2} on {day}",
        ],
        neg=[
            "{dem} troops did not cross into {country2} on {day}",
            "no {dem} troops crossed into {country2} on {day}",
        ],
        ident=["dem", "day"],
        hedge_clause=["{dem} troops are entering {country2}", "{dem} forces have crossed into {country2}"],
        elab=["{dem} troops crossed into {country2} on {day}, with columns of armoured vehicles seen near the border"],
        cons=["{country2} closed several border crossings after {dem} troops moved in on {day}"],
        aside=["{country2}'s border guards said they had not yet exchanged fire with the {dem} units"],
        clash=["the border between {country2} and its neighbour stayed quiet on {day}, with no troop movements"],
    ),
    Frame(
        "missiles",
        {"country": _c(0), "city": _pick(CITIES), "day": _pick(DAYS)},
        pos=[
            "missiles were fired from {country} towards {city} on {day}",
            "rockets were launched from {country} in the direction of {city} on {day}",
        ],
        neg=[
            "no missiles were fired from {country} towards {city} on {day}",
            "missiles were not launched from {country} towards {city} on {day}",
        ],
        ident=["city", "day"],
        hedge_clause=["missiles were fired from {country}", "rockets are being launched from {country}"],
        elab=["several missiles were fired from {country} towards {city} on {day}, hitting an airfield"],
        cons=["air raid sirens sounded in {city} on {day} as missiles flew in from {country}"],
        aside=["the missile strikes on {city} caused no casualties, local officials said"],
    ),
    Frame(
        "vote",
        {
            "country": _c(0),
            "bill": _pick(BILLS),
            "n": lambda r, v: r.randint(150, 300),
            "m": lambda r, v: r.randint(20, 149),
        },
        pos=[
            "{country}'s parliament approved the {bill} by {n} votes to {m}",
            "lawmakers in {country} passed the {bill}, {n} to {m}",
        ],
        neg=[
            "{country}'s parliament did not approve the {bill}",
            "{country}'s lawmakers failed to pass the {bill}",
        ],
        anto=[
            "{country}'s parliament rejected the {bill} by {n} votes to {m}",
            "lawmakers in {country} voted down the {bill}",
        ],
        ident=["country", "bill"],
        numeric=["n"],
        hedge_clause=["the {bill} has been approved by {country}'s parliament"],
        elab=["{country}'s parliament approved the {bill} after a twelve-hour debate, by {n} votes to {m}"],
        cons=["the {bill} will now go to {country}'s president for signature after parliament approved it"],
        aside=["opposition members in {country} said they would not give up the fight against the {bill}"],
    ),
    Frame(
        "index",
        {"country": _c(0), "pct": lambda r, v: _pct(r), "day": _pick(DAYS)},
        pos=[
            "{country}'s main stock index rose {pct} percent on {day}",
            "shares in {country} gained {pct} percent on {day}",
        ],
        neg=["{country}'s main stock index did not rise on {day}"],
        anto=[
            "{country}'s main stock index fell {pct} percent on {day}",
            "shares in {country} lost {pct} percent on {day}",
        ],
        ident=["country", "day"],
        numeric=["pct"],
        elab=["{country}'s main stock index rose {pct} percent on {day}, led by bank shares"],
        cons=["investors in {country} cheered a {pct} percent rise in the main index on {day}"],
        aside=["trading volumes in {country} were not unusually high on {day}"],
    ),
    Frame(
        "inflation",
        {"country": _c(0), "pct": lambda r, v: _pct(r), "month": _pick(MONTHS)},
        pos=[
            "inflation in {country} rose to {pct} percent in {month}",
            "consumer prices in {country} climbed {pct} percent in {month}",
        ],
        neg=["inflation in {country} did not rise in {month}"],
        anto=[
            "inflation in {country} fell to {pct} percent in {month}",
            "consumer prices in {country} dropped {pct} percent in {month}",
        ],
        ident=["country", "month"],
        numeric=["pct"],
        elab=["inflation in {country} rose to {pct} percent in {month}, driven by food and energy costs"],
        cons=["{country}'s central bank is expected to act after inflation reached {pct} percent in {month}"],
        aside=["core inflation in {country} was not affected by the energy price swings in {month}"],
    ),
    Frame(
        "rates",
        {"country": _c(0), "pct": lambda r, v: _pct(r), "month": _pick(MONTHS)},
        pos=[
            "{country}'s central bank raised interest rates to {pct} percent in {month}",
            "the central bank of {country} increased its key rate to {pct} percent in {month}",
        ],
        neg=[
            "{country}'s central bank did not raise interest rates in {month}",
            "{country}'s central bank left interest rates unchanged in {month}",
        ],
        anto=[
            "{country}'s central bank cut interest rates to {pct} percent in {month}",
            "the central bank of {country} lowered its key rate to {pct} percent in {month}",
        ],
        ident=["country", "month"],
        numeric=["pct"],
        hedge_clause=["{country}'s central bank is planning to raise rates"],
        elab=["{country}'s central bank raised interest rates to {pct} percent in {month}, its third move this year"],
        cons=["mortgage costs in {country} are set to climb after the central bank raised rates to {pct} percent"],
        aside=["the governor of {country}'s central bank said further moves were not decided"],
    ),
    Frame(
        "election",
        {
            "p": lambda r, v: _person(r),
            "p2": lambda r, v: _person(r),
            "country": _c(0),
            "pct": lambda r, v: str(r.randint(40, 70)),
        },
        pos=[
            "{p} won {country}'s presidential election with {pct} percent of the vote",
            "{p} was elected president of {country} with {pct} percent of the vote",
        ],
        neg=["{p} did not win {country}'s presidential election"],
        anto=[
            "{p} lost {country}'s presidential election",
            "{p} was defeated in {country}'s presidential election",
        ],
        swap=["p"],
        numeric=["pct"],
        hedge_clause=["{p} has won {country}'s presidential election"],
        elab=["{p} won {country}'s presidential election with {pct} percent of the vote after a tense campaign"],
        cons=["{p} will be sworn in as {country}'s president next month after winning the election"],
        aside=["turnout in {country}'s presidential election was not as high as expected"],
    ),
    Frame(
        "match",
        {
            "t1": _pick(TEAMS),
            "t2": _distinct(TEAMS, "t1"),
            "s1": lambda r, v: r.randint(2, 5),
            "s2": lambda r, v: r.randint(0, 1),
            "day": _pick(DAYS),
        },
        pos=["{t1} beat {t2} {s1}-{s2} in the league on {day}", "{t1} won {s1}-{s2} against {t2} on {day}"],
        neg=["{t1} did not beat {t2} on {day}", "{t1} failed to win against {t2} on {day}"],
        anto=["{t1} lost {s1}-{s2} to {t2} in the league on {day}", "{t2} beat {t1} {s1}-{s2} on {day}"],
        ident=["t1", "day"],
        numeric=["s1"],
        elab=["{t1} beat {t2} {s1}-{s2} on {day} with two goals in the last ten minutes"],
        cons=["{t1} moved to the top of the table after beating {t2} on {day}"],
        aside=["{t2}'s coach said he was not worried despite the result on {day}"],
    ),
    Frame(
        "court",
        {
            "p": lambda r, v: _person(r),
            "crime": _pick(["fraud", "bribery", "tax evasion", "espionage", "embezzlement"]),
            "court": _pick(["the supreme court", "the appeals court", "the constitutional court", "the high court"]),
        },
        pos=[
            "{court} upheld the {crime} conviction of {p}",
            "{court} confirmed that {p} was guilty of {crime}",
        ],
        neg=["{court} did not uphold the {crime} conviction of {p}"],
        anto=["{court} overturned the {crime} conviction of {p}", "{court} cleared {p} of {crime}"],
        ident=["p"],
        elab=["{court} upheld the {crime} conviction of {p} and confirmed a four-year sentence"],
        cons=["{p} will remain in prison after {court} upheld the {crime} conviction"],
        aside=["{p}'s lawyers said they had not yet decided whether to appeal further"],
    ),
    Frame(
        "airport",
        {"city": _pick(CITIES), "day": _pick(DAYS)},
        pos=[
            "{city} airport was closed on {day} because of the storm",
            "all flights at {city} airport were halted on {day}",
        ],
        neg=["{city} airport was not closed on {day}"],
        anto=[
            "{city} airport stayed open on {day} despite the storm",
            "flights at {city} airport ran normally on {day}",
        ],
        ident=["city", "day"],
        elab=["{city} airport was closed on {day} as winds reached 120 kilometres an hour"],
        cons=["thousands of passengers were stranded after {city} airport closed on {day}"],
        aside=["the storm did not damage the terminal buildings at {city} airport"],
        clash=["planes were taking off and landing on schedule at {city} airport all day {day}"],
    ),
    Frame(
        "blast",
        {
            "city": _pick(CITIES),
            "n": lambda r, v: _number(r),
            "day": _pick(DAYS),
            "site": _pick(["market", "bus station", "mosque", "stadium", "police station", "hotel", "checkpoint"]),
        },
        pos=[
            "{n} people were killed in {day}'s blast at a {site} in {city}",
            "{day}'s explosion at a {site} in {city} killed {n} people",
        ],
        neg=[
            "nobody was killed in {day}'s blast at a {site} in {city}",
            "{day}'s explosion at a {site} in {city} caused no deaths",
        ],
        swap=["city"],
        ident=["day", "site"],
        numeric=["n"],
        hedge_clause=["anyone was killed in the blast at the {site} in {city}"],
        elab=["{n} people were killed in {day}'s blast at a crowded {site} in {city}, and dozens were wounded"],
        cons=["{city} declared three days of mourning after {n} people died in the {site} blast on {day}"],
        aside=["the blast at the {site} in {city} did not damage the nearby hospital"],
    ),
    Frame(
        "takeover",
        {
            "buyer": _pick(COMPANIES),
            "target": _distinct(COMPANIES, "buyer"),
            "n": lambda r, v: r.randint(2, 90),
        },
        pos=[
            "{buyer} has bought {target} for {n} billion dollars",
            "{target} was acquired by {buyer} for {n} billion dollars",
        ],
        neg=["{buyer} has not bought {target}", "{buyer} did not acquire {target}"],
        anto=["{buyer} has abandoned its bid for {target}", "{target} rejected the takeover by {buyer}"],
        swap=["buyer"],
        ident=["target"],
        numeric=["n"],
        hedge_clause=["{buyer} is in talks to buy {target}", "{buyer} plans to acquire {target}"],
        elab=["{buyer} has bought {target} for {n} billion dollars in cash, the largest deal in the sector this year"],
        cons=["{target}'s shares will be delisted after the takeover by {buyer}"],
        aside=["{target}'s chief executive will not stay on after the takeover by {buyer}"],
    ),
    Frame(
        "attack",
        {"group": _pick(GROUPS), "city": _pick(CITIES), "day": _pick(DAYS)},
        pos=[
            "{group} carried out {day}'s attack on the army base near {city}",
            "{day}'s attack on the army base near {city} was the work of {group}",
        ],
        neg=[
            "{group} did not carry out {day}'s attack on the army base near {city}",
            "{group} was not behind {day}'s attack near {city}",
        ],
        swap=["group", "city"],
        ident=["day"],
        hedge_clause=["{group} was involved in the attack near {city}"],
        elab=["{group} carried out {day}'s attack on the army base near {city}, using drones and mortars"],
        cons=["security was tightened across {city} after {group} attacked the army base on {day}"],
        aside=["the army base near {city} was not evacuated after the attack"],
    ),
    Frame(
        "talks",
        {"c1": _c(0), "c2": _c(0), "city": _pick(CITIES), "day": _pick(DAYS)},
        pos=[
            "delegations from {c1} and {c2} held talks in {city} on {day}",
            "negotiators from {c1} and {c2} met in {city} on {day}",
        ],
        neg=["delegations from {c1} and {c2} did not meet in {city} on {day}"],
        anto=["talks between {c1} and {c2} in {city} were cancelled on {day}"],
        swap=["city"],
        ident=["c1"],
        hedge_clause=["{c1} and {c2} are holding talks"],
        elab=["delegations from {c1} and {c2} held five hours of talks in {city} on {day}"],
        cons=["{c1} and {c2} agreed to meet again after their talks in {city} on {day}"],
        aside=["the talks between {c1} and {c2} in {city} did not produce a joint statement"],
    ),
    Frame(
        "strike",
        {
            "who": _pick(["rail workers", "dockers", "teachers", "nurses", "miners", "bus drivers", "pilots"]),
            "country": _c(0),
            "day": _pick(DAYS),
        },
        pos=[
            "the {who}' strike in {country} will go ahead on {day}",
            "{who} in {country} will walk out on {day} as planned",
        ],
        neg=["the {who}' strike in {country} will not go ahead on {day}"],
        anto=[
            "the {who}' strike in {country} has been called off",
            "{who} in {country} have cancelled {day}'s walkout",
        ],
        ident=["who", "country"],
        hedge_clause=["the {who}' strike has been called off"],
        elab=["the {who}' strike in {country} will go ahead on {day} after pay talks broke down overnight"],
        cons=["services in {country} are expected to be disrupted as {who} strike on {day}"],
        aside=["managers said essential services in {country} would not be affected by the {who}' strike"],
    ),
    Frame(
        "ceasefire",
        {"region": _pick(CITIES), "day": _pick(DAYS)},
        pos=["the ceasefire around {region} held on {day}", "the truce in {region} was respected on {day}"],
        neg=["the ceasefire around {region} did not hold on {day}"],
        anto=[
            "the ceasefire around {region} collapsed on {day}",
            "the truce in {region} broke down on {day}",
        ],
        ident=["region", "day"],
        elab=["the ceasefire around {region} held on {day}, allowing aid convoys to enter"],
        cons=["aid trucks reached {region} on {day} as the ceasefire held"],
        aside=["residents of {region} said shops had not yet reopened despite the truce"],
        clash=["artillery pounded {region} throughout {day}", "heavy shelling hit {region} on {day}"],
    ),
    Frame(
        "arrest",
        {
            "p": lambda r, v: _person(r),
            "city": _pick(CITIES),
            "crime": _pick(["the bombing", "the robbery", "the stabbing", "the fraud", "the riot"]),
        },
        pos=[
            "police arrested {p} in {city} over {crime}",
            "{p} was detained in {city} in connection with {crime}",
        ],
        neg=["{p} has not been arrested over {crime}", "police did not detain {p} over {crime}"],
        ident=["crime"],
        hedge_clause=["{p} has been arrested over {crime}"],
        elab=["police arrested {p} at a flat in {city} over {crime} and seized two phones"],
        cons=["{p} will appear in court in {city} on charges linked to {crime}"],
        aside=["police said {p} had not yet been charged over {crime}"],
    ),
    Frame(
        "supply",
        {"c1": _c(0), "c2": _c(0), "weapon": _pick(WEAPONS)},
        pos=["{c1} has supplied {weapon} to {c2}", "{c1} delivered {weapon} to {c2}"],
        neg=["{c1} has not supplied {weapon} to {c2}", "{c1} never delivered {weapon} to {c2}"],
        ident=["c2", "weapon"],
        hedge_clause=["{c1} has supplied {weapon} to {c2}", "{c1} is sending {weapon} to {c2}"],
        elab=["{c1} has supplied {weapon} to {c2}, including spare parts and training crews"],
        cons=["{c2} has deployed the {weapon} it received from {c1} near its western border"],
        aside=["{c1} said the {weapon} sent to {c2} would not be used outside its territory"],
    ),
    Frame(
        "resign",
        {"p": lambda r, v: _person(r), "role": _pick(ROLES), "country": _c(0)},
        pos=["{p} has resigned as {country}'s {role}", "{country}'s {role} {p} stepped down"],
        neg=["{p} has not resigned as {country}'s {role}", "{country}'s {role} {p} will not step down"],
        anto=["{p} will stay on as {country}'s {role}"],
        ident=["p"],
        hedge_clause=["{p} is about to resign", "{p} plans to step down"],
        elab=["{p} has resigned as {country}'s {role} after two years in the post, citing health reasons"],
        cons=["{country} must appoint a new {role} after {p} resigned"],
        aside=["{p} said the resignation had nothing to do with the corruption inquiry"],
    ),
    Frame(
        "quake",
        {
            "city": _pick(CITIES),
            "mag": lambda r, v: f"{r.randint(4, 7)}.{r.randint(0, 9)}",
            "day": _pick(DAYS),
        },
        pos=[
            "a magnitude {mag} earthquake struck near {city} on {day}",
            "a {mag}-magnitude quake hit {city} on {day}",
        ],
        neg=["no earthquake struck near {city} on {day}"],
        swap=["city"],
        ident=["day"],
        numeric=["mag"],
        elab=["a magnitude {mag} earthquake struck near {city} before dawn on {day}, damaging older buildings"],
        cons=["schools in {city} were closed after {day}'s magnitude {mag} earthquake"],
        aside=["{day}'s earthquake near {city} did not trigger a tsunami warning"],
    ),
    Frame(
        "growth",
        {"country": _c(0), "pct": lambda r, v: _pct(r), "q": _pick(["first", "second", "third", "fourth"])},
        pos=[
            "{country}'s economy grew {pct} percent in the {q} quarter",
            "{country}'s output expanded by {pct} percent in the {q} quarter",
        ],
        neg=["{country}'s economy did not grow in the {q} quarter"],
        anto=[
            "{country}'s economy shrank {pct} percent in the {q} quarter",
            "{country}'s output contracted by {pct} percent in the {q} quarter",
        ],
        ident=["country", "q"],
        numeric=["pct"],
        elab=["{country}'s economy grew {pct} percent in the {q} quarter, helped by strong exports"],
        cons=["{country}'s currency strengthened after the economy grew {pct} percent in the {q} quarter"],
        aside=["household spending in {country} did not keep pace with growth in the {q} quarter"],
    ),
    Frame(
        "protest",
        {
            "n": lambda r, v: r.choice([r.randint(2, 90) * 1000, r.randint(100, 900)]),
            "city": _pick(CITIES),
            "day": _pick(DAYS),
        },
        pos=[
            "{n} people joined the protest in {city} on {day}",
            "about {n} protesters marched through {city} on {day}",
        ],
        neg=["nobody turned up for the protest in {city} on {day}"],
        anto=[
            "the protest in {city} on {day} was violent",
            "police broke up the protest in {city} on {day} with tear gas",
        ],
        ident=["city", "day"],
        numeric=["n"],
        elab=["{n} people joined the protest in {city} on {day}, many carrying national flags"],
        cons=["traffic in central {city} was blocked on {day} as {n} people protested"],
        aside=["organisers of the protest in {city} said they had not applied for a permit"],
    ),
    Frame(
        "launch",
        {
            "mission": _pick(["the crewed launch", "the satellite launch", "the lunar mission", "the cargo flight"]),
            "date": lambda r, v: f"{r.randint(1, 28)} {r.choice(MONTHS)}",
        },
        pos=["{mission} is scheduled for {date}", "{mission} will take place on {date}"],
        neg=["{mission} will not take place on {date}"],
        anto=["{mission} has been cancelled"],
        ident=["mission"],
        numeric=["date"],
        elab=["{mission} is scheduled for {date}, weather permitting, from the coastal launch site"],
        cons=["the crew began final training ahead of {mission} on {date}"],
        aside=["engineers said the delay to the earlier test would not affect {mission}"],
    ),
    Frame(
        "flights",
        {"company": _pick(COMPANIES), "n": lambda r, v: r.randint(20, 900), "day": _pick(DAYS)},
        pos=["{company} cancelled {n} flights on {day}", "{n} {company} flights were cancelled on {day}"],
        neg=["{company} did not cancel any flights on {day}", "no {company} flights were cancelled on {day}"],
        ident=["company", "day"],
        numeric=["n"],
        elab=["{company} cancelled {n} flights on {day} because of the air traffic control strike"],
        cons=["thousands of {company} passengers were stranded after {n} flights were cancelled on {day}"],
        aside=["{company} said long-haul services were not affected on {day}"],
        clash=["{company} ran its full schedule of flights on {day}"],
    ),
    Frame(
        "sanctions",
        {"c1": _c(0), "c2": _c(0), "sector": _pick(["oil", "banking", "steel", "grain", "technology"])},
        pos=[
            "{c1} imposed new sanctions on {c2}'s {sector} sector",
            "{c1} announced sanctions against {c2}'s {sector} industry",
        ],
        neg=["{c1} has not imposed sanctions on {c2}'s {sector} sector"],
        anto=["{c1} lifted its sanctions on {c2}'s {sector} sector"],
        ident=["c1", "c2"],
        hedge_clause=["{c1} is preparing sanctions against {c2}"],
        elab=["{c1} imposed new sanctions on {c2}'s {sector} sector, freezing the assets of five firms"],
        cons=["{c2}'s {sector} exports are expected to drop after {c1} imposed sanctions"],
        aside=["{c1} said the sanctions would not apply to humanitarian goods bound for {c2}"],
    ),
    Frame(
        "plant",
        {"company": _pick(COMPANIES), "city": _pick(CITIES), "n": lambda r, v: r.randint(50, 3000)},
        pos=[
            "{company} will close its {city} plant, cutting {n} jobs",
            "{company} is shutting its factory in {city} with the loss of {n} jobs",
        ],
        neg=["{company} will not close its {city} plant"],
        anto=[
            "{company} will expand its {city} plant, adding {n} jobs",
            "{company} is keeping its {city} factory open",
        ],
        ident=["company", "city"],
        numeric=["n"],
        hedge_clause=["{company} plans to close its {city} plant"],
        elab=["{company} will close its {city} plant by the end of the year, cutting {n} jobs"],
        cons=["unions in {city} called a protest after {company} said it would shut the plant"],
        aside=["{company} said its other plants would not be affected by the closure in {city}"],
    ),
    Frame(
        "evacuation",
        {
            "city": _pick(CITIES),
            "n": lambda r, v: r.randint(2, 90) * 100,
            "why": _pick(["the flood", "the wildfire", "the chemical leak"]),
        },
        pos=[
            "{n} residents of {city} were evacuated because of {why}",
            "authorities moved {n} people out of {city} ahead of {why}",
        ],
        neg=[
            "nobody in {city} was evacuated because of {why}",
            "residents of {city} were not evacuated because of {why}",
        ],
        ident=["city"],
        numeric=["n"],
        elab=["{n} residents of {city} were evacuated because of {why} and housed in schools"],
        cons=["emergency shelters in {city} filled up after {n} people were evacuated"],
        aside=["the hospital in {city} was not evacuated despite {why}"],
    ),
    Frame(
        "approval",
        {
            "drug": _pick(
                ["the new malaria vaccine", "the weight-loss drug", "the cancer treatment", "the flu vaccine"]
            ),
            "country": _c(0),
            "month": _pick(MONTHS),
        },
        pos=[
            "regulators in {country} approved {drug} in {month}",
            "{drug} was approved for use in {country} in {month}",
        ],
        neg=["regulators in {country} have not approved {drug}"],
        anto=[
            "regulators in {country} rejected {drug} in {month}",
            "{drug} was refused approval in {country} in {month}",
        ],
        ident=["drug", "country"],
        elab=["regulators in {country} approved {drug} in {month} for adults over eighteen"],
        cons=["pharmacies in {country} will start selling {drug} after its approval in {month}"],
        aside=["{drug} will not be free of charge in {country}, the health ministry said"],
    ),
    Frame(
        "withdrawal",
        {"dem": _c(1), "place": _pick(CITIES)},
        pos=[
            "{dem} units have been withdrawn from their bases near {place}",
            "{dem} forces have left their permanent positions near {place}",
        ],
        neg=[
            "not a single {dem} unit has been withdrawn from its base near {place}",
            "{dem} units have not left their bases near {place}",
        ],
        ident=["dem", "place"],
        hedge_clause=["{dem} units are leaving their bases near {place}"],
        elab=["{dem} units have been withdrawn from their bases near {place} and moved by rail"],
        cons=["the barracks near {place} stood empty after {dem} units were withdrawn"],
        aside=["the {dem} defence ministry said the move near {place} was not linked to the talks"],
    ),
    Frame(
        "hostages",
        {"n": lambda r, v: r.randint(2, 60), "group": _pick(GROUPS), "day": _pick(DAYS)},
        pos=["{group} released {n} hostages on {day}", "{n} hostages were freed by {group} on {day}"],
        neg=["{group} has not released any hostages", "no hostages were freed by {group} on {day}"],
        ident=["group", "day"],
        numeric=["n"],
        elab=["{group} released {n} hostages on {day}, including four children"],
        cons=["the {n} hostages freed on {day} were flown home for medical checks"],
        aside=["negotiators said the release on {day} was not part of a wider deal"],
    ),
]
