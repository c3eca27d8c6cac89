"""A synthetic wiki of any size, for benchmarks: `entities/` plus the repository's own
`mkdocs.yml` and hand-written `docs/`, deterministic from a seed.

    python benchmarks/corpus.py --entities 10000 --seed 1 --out /tmp/corpus

The entities are shaped like the real ones: every type, names in English and Russian,
aliases, `[[wikilinks]]` in descriptions, sources cited on entities and on relation
items, memberships with periods, office terms that never overlap in a single-seat office,
treaty parties, event participants and documents. The corpus passes `wiki check`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

try:
    from . import vocabulary as words
    from . import yamltext
except ImportError:  # run as a script: `python benchmarks/corpus.py`
    import vocabulary as words  # type: ignore[no-redef]
    import yamltext  # type: ignore[no-redef]

REPOSITORY = Path(__file__).resolve().parent.parent
# Share of each type among the entities; officials take the rounding remainder.
SHARES = {"states": 0.02, "sources": 0.18, "councils": 0.08, "offices": 0.12,
          "treaties": 0.10, "events": 0.20, "officials": 0.30}
MANIFEST = ".generated.json"  # where `wiki generate` lists the files it wrote in docs/
GENERATED = {"_generated", MANIFEST, *SHARES}
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt")
                                                   for n in range(1, 10)}
EARLIEST, LATEST = date(1955, 1, 1), date(2024, 12, 31)


@dataclass(frozen=True)
class Tails:
    """The heavy tails of real data (`--tails`), each the size found in public datasets.
    A small corpus gets what it has room for."""

    members: int = 200  # of one organization
    memberships: int = 80  # organizations one state belongs to
    positions: int = 35  # held by one official
    dataset_share: float = 0.7  # of the claims on relation items, cited to one dataset
    languages: int = 150  # each state is named in
    alike: int = 500  # offices whose names begin alike ("Head of the … Department")


TAILS = Tails()


@dataclass
class Draft:
    """An entity being made up: its type, id and fields in the order they are written."""

    type: str
    id: str
    fields: dict = field(default_factory=dict)
    related: list[str] = field(default_factory=list)  # ids its description may link to
    cited: list[str] = field(default_factory=list)  # the sources it mostly rests on

    @property
    def name(self) -> str:
        return self.fields["name"]


class Builder:
    """Everything drawn from one random generator, in one fixed order."""

    def __init__(self, seed: int, tails: Tails | None = None) -> None:
        self.rng = random.Random(seed)
        self.tails = tails
        self.dataset: Draft | None = None  # with tails: the source most claims cite
        self.by_id: dict[str, Draft] = {}
        self.by_type: dict[str, list[Draft]] = {name: [] for name in SHARES}
        self.capitals_ru: dict[str, str] = {}  # state id -> its capital's Russian name

    def add(self, type_name: str, english: str, russian: str, base: str = "") -> Draft:
        """A new entity, its id made from `base` or its name and unique across types."""
        base = slug(base or english) or type_name
        entity_id, number = base, 1
        while entity_id in self.by_id or entity_id in WINDOWS_RESERVED:
            number += 1
            entity_id = f"{base}-{number}"
        draft = Draft(type_name, entity_id, {"name": english, "names": {"ru": russian}})
        if type_name != "sources":
            draft.cited = [s.id for s in self.picks("sources", 1, 2, skew=1.6)]
        self.by_id[entity_id] = draft
        self.by_type[type_name].append(draft)
        return draft

    def pick(self, type_name: str, skew: float = 1.0) -> Draft:
        """One entity of a type; `skew` above 1 favours the first ones, as popular hubs."""
        drafts = self.by_type[type_name]
        return drafts[int(len(drafts) * self.rng.random() ** skew)]

    def picks(self, type_name: str, low: int, high: int, skew: float = 1.0) -> list[Draft]:
        wanted = min(self.rng.randint(low, high), len(self.by_type[type_name]))
        chosen: dict[str, Draft] = {}
        while len(chosen) < wanted:
            draft = self.pick(type_name, skew)
            chosen.setdefault(draft.id, draft)
        return list(chosen.values())

    def day(self, start: date = EARLIEST, end: date = LATEST) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def cite(self, draft: Draft) -> list[str]:
        """The source of one claim: mostly one the entity as a whole rests on (with tails,
        mostly one dataset)."""
        if self.dataset is not None and self.rng.random() < self.tails.dataset_share:
            return [self.dataset.id]
        if self.rng.random() < 0.7:
            return [self.rng.choice(draft.cited)]
        return [self.pick("sources", skew=1.6).id]

    def precision(self, when: date, coarse: bool = True) -> str:
        """A date written as precisely as a source might state it."""
        roll = self.rng.random()
        if coarse and roll < 0.1:
            return f"{when.year}"
        if roll < 0.25:
            return f"{when.year}-{when.month:02d}"
        return when.isoformat()


def slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def counts(total: int) -> dict[str, int]:
    """How many entities of each type; at least one of each."""
    numbers = {name: max(1, round(total * share)) for name, share in SHARES.items()}
    numbers["officials"] = max(1, total - sum(n for k, n in numbers.items() if k != "officials"))
    return numbers


# ---- names -----------------------------------------------------------------------------

TRANSLITERATION = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),
    strict=True))


def latin(russian: str) -> str:
    letters = []
    for char in russian:
        lower = char.lower()
        if lower in TRANSLITERATION:
            text = TRANSLITERATION[lower].replace("-", "")
            letters.append(text.capitalize() if char != lower else text)
        else:
            letters.append(char)
    return "".join(letters)


def place_name(b: Builder) -> str:
    """A made-up Russian place name: `Каравел`."""
    parts = [b.rng.choice(words.SYLLABLES) for _ in range(b.rng.randint(2, 3))]
    return "".join(parts).capitalize()


# ---- entities by type ------------------------------------------------------------------


def make_states(b: Builder, count: int) -> None:
    for _ in range(count):
        root = place_name(b)
        russian = root + b.rng.choice(("ия", "стан", "ия", "ань"))
        english = latin(russian)
        draft = b.add("states", english, russian)
        capital = place_name(b)
        draft.fields.update(
            aliases=[english[:2].upper() + english[-1].upper(), russian],
            summary=f"A state whose capital is {latin(capital)}.",
            official_name=f"Republic of {english}",
            iso_code=english[:2].upper(),
            capital=latin(capital),
        )
        draft.fields["facts"] = state_facts(b, draft)
        b.capitals_ru[draft.id] = capital
        if b.tails:
            draft.fields["names"] |= {
                tag: english.rstrip("aeiouy") + b.rng.choice(words.NAME_ENDINGS)
                for tag in words.LANGUAGES[:b.tails.languages]}


def state_facts(b: Builder, state: Draft) -> list[dict]:
    facts = []
    for property_name, unit, low, high in b.rng.sample(words.FACTS, 2):
        fact = {"property": property_name, "value": b.rng.randint(low, high)}
        if unit:
            fact["unit"] = unit
        fact["date"] = b.precision(b.day(date(2000, 1, 1)))
        fact["sources"] = b.cite(state)
        facts.append(fact)
    return facts


def make_sources(b: Builder, count: int) -> None:
    for index in range(count):
        publisher, publisher_ru, domain = b.rng.choice(words.PUBLISHERS)
        published = b.day(date(1992, 1, 1))
        topic, _ = b.rng.choice(words.COUNCIL_TOPICS)
        title = f"Leaders discuss {topic} ({published.strftime('%d %B %Y').lstrip('0')})"
        draft = b.add("sources", f"{publisher}: {title}",
                      f"{publisher_ru}: сообщение от {published.isoformat()}",
                      f"{publisher.split()[0]}-{published.isoformat()}-{topic.split()[-1]}")
        draft.fields.update(
            summary=f"{publisher} report of {published.isoformat()} on {topic}.",
            title=title,
            publisher=publisher,
            published=published.isoformat(),
            url=f"https://{domain}/politics/{published.year}/{100000 + index}",
            language=b.rng.choice(("en", "ru", "ru")),
        )
    if b.tails:
        b.dataset = b.by_type["sources"][0]
        b.dataset.fields.update(summary="A dataset of memberships, offices and treaties.",
                                title="Government posts and memberships (dataset)")


def make_councils(b: Builder, count: int) -> None:
    for index in range(count):
        (kind, kind_en, kind_ru), (topic_en, topic_ru) = (b.rng.choice(words.COUNCIL_KINDS),
                                                          b.rng.choice(words.COUNCIL_TOPICS))
        region = place_name(b)
        english = f"{latin(region)} {topic_en.title()} {kind_en}"
        draft = b.add("councils", english, f"{kind_ru} по {topic_ru} ({region})")
        founded = b.day(date(1960, 1, 1), date(2015, 12, 31))
        draft.fields.update(
            aliases=[acronym(english)],
            summary=f"A {kind_en.lower()} of {latin(region)} dealing with {topic_en}.",
            kind=kind,
        )
        if index and b.rng.random() < 0.6:
            parent = b.by_type["councils"][b.rng.randrange(index)]
            draft.fields["parent"] = parent.id
            draft.related.append(parent.id)
        draft.fields["founded"] = founded.isoformat()
        draft.fields["seat"] = b.pick("states").fields["capital"]
        draft.fields["members"] = members(b, draft, founded)
        draft.related += [m["state"] for m in draft.fields["members"]]
    if b.tails:
        add_tail_members(b)


def add_tail_members(b: Builder) -> None:
    """One organization of (nearly) every state, and one state in many organizations."""
    councils, states = b.by_type["councils"], b.by_type["states"]
    big = councils[0]
    big.fields["kind"] = "organization"
    founded = date.fromisoformat(big.fields["founded"])
    named = {m["state"] for m in big.fields["members"]}
    for state in states[:b.tails.members]:
        if state.id not in named:
            big.fields["members"].append(membership(b, big, state, founded))
    joiner = states[-1]
    for council in councils[1:b.tails.memberships + 1]:
        if all(m["state"] != joiner.id for m in council.fields["members"]):
            council.fields["members"].append(
                membership(b, council, joiner, date.fromisoformat(council.fields["founded"])))


def acronym(text: str) -> str:
    return "".join(word[0] for word in text.split() if word[0].isupper())


def members(b: Builder, council: Draft, founded: date) -> list[dict]:
    return [membership(b, council, state, founded)
            for state in b.picks("states", 3, 8, skew=1.3)]


def membership(b: Builder, council: Draft, state: Draft, founded: date) -> dict:
    state.related.append(council.id)
    item: dict = {"state": state.id}
    if b.rng.random() < 0.15:
        item["as_of"] = b.day(founded).isoformat()
    else:
        start = b.day(founded)
        item["from"] = b.precision(start, coarse=False)
        if b.rng.random() < 0.2 and start + timedelta(days=366) <= LATEST:
            item["to"] = b.day(start + timedelta(days=366)).isoformat()
        elif b.tails and b.rng.random() < 0.05:
            item["to"] = "unknown"  # ended on a day no source gives
    if b.rng.random() < 0.1:
        item["status"] = b.rng.choice(("observer", "suspended"))
    item["sources"] = b.cite(council)
    return item


def make_offices(b: Builder, count: int) -> None:
    for _ in range(count):
        owner = b.pick("states") if b.rng.random() < 0.5 else b.pick("councils")
        titles = words.STATE_OFFICES if owner.type == "states" else words.COUNCIL_OFFICES
        title_en, title_ru = b.rng.choice(titles)
        if b.tails and len(b.by_type["offices"]) < b.tails.alike:
            department = b.rng.choice(words.DEPARTMENTS)
            title_en = f"Head of the {department} Department"
            title_ru = f"Начальник департамента ({department})"
        the = "" if owner.type == "states" else "the "
        draft = b.add("offices", f"{title_en} of {the}{owner.name}",
                      f"{title_ru} ({owner.fields['names']['ru']})")
        draft.fields.update(
            aliases=[f"{title_en} ({acronym(owner.name) or owner.name})"],
            summary=f"A post of the {owner.type[:-1]} {owner.name}.",
            belongs_to=owner.id,
        )
        if b.rng.random() < 0.1:
            draft.fields["seats"] = b.rng.randint(2, 4)
        draft.related.append(owner.id)


def make_officials(b: Builder, count: int) -> None:
    for _ in range(count):
        first, surname = b.rng.choice(words.FIRST_NAMES), b.rng.choice(words.SURNAMES)
        russian = f"{first} {surname}"
        draft = b.add("officials", latin(russian), russian)
        draft.fields["aliases"] = [f"{latin(first)[0]}. {latin(surname)}",
                                   f"{first[0]}. {surname}"]
        draft.fields["positions"] = [{"office": b.pick("offices").id}
                                     for _ in range(b.rng.choice((1, 1, 1, 2, 2, 3)))]
        draft.related += [p["office"] for p in draft.fields["positions"]]
    if b.tails:
        career = b.by_type["officials"][0]
        offices = b.by_type["offices"][-b.tails.positions:]
        career.fields["positions"] = [{"office": o.id} for o in offices]
        career.related += [o.id for o in offices]
    plan_terms(b)
    for draft in b.by_type["officials"]:
        office = b.by_id[draft.fields["positions"][0]["office"]]
        draft.fields["summary"] = f"Held the post of {office.name}."


def plan_terms(b: Builder) -> None:
    """Dates for every position: one after another in each seat of an office."""
    by_office: dict[str, list[tuple[Draft, dict]]] = {}
    for official in b.by_type["officials"]:
        for position in official.fields["positions"]:
            by_office.setdefault(position["office"], []).append((official, position))
    for office_id in sorted(by_office):
        seats = b.by_id[office_id].fields.get("seats", 1)
        first = b.day(date(1960, 1, 1), date(1995, 12, 31))
        free: list[date | None] = [first] * seats
        for index, (official, position) in enumerate(by_office[office_id]):
            b.by_id[office_id].related.append(official.id)
            seat = index % seats
            if free[seat] is None or b.rng.random() < 0.15:  # attested on one day only
                # on a day no other term in the seat covers: before the first, or
                # between the last and the next
                if free[seat] is None:
                    first -= timedelta(days=1)
                    position["as_of"] = first.isoformat()
                else:
                    position["as_of"] = free[seat].isoformat()
                    free[seat] += timedelta(days=1)
            else:
                free[seat] = term(b, position, free[seat])
            position["sources"] = b.cite(official)


def term(b: Builder, position: dict, free: date) -> date | None:
    """Fill in a term that starts on or after `free`; return when the seat is free again,
    or None while the holder is still in office.

    Terms last at least a year, so the first day of a term written at month precision
    never equals another term's in the same seat.
    """
    start = free + timedelta(days=b.rng.randint(0, 400))
    end = start + timedelta(days=b.rng.randint(366, 3000))
    position["from"] = b.precision(start, coarse=False)
    if end > LATEST:  # no date after the corpus's last day: still in office
        return None
    position["to"] = b.precision(end, coarse=False)
    return end


def make_treaties(b: Builder, count: int) -> None:
    for _ in range(count):
        (kind, kind_ru), (topic_en, topic_ru) = (b.rng.choice(words.TREATY_KINDS),
                                                 b.rng.choice(words.TREATY_TOPICS))
        signed = b.day(date(1960, 1, 1))
        english = f"{kind.capitalize()} on {topic_en} ({signed.year})"
        draft = b.add("treaties", english, f"{kind_ru} о {topic_ru} ({signed.year})")
        place = b.pick("states").fields["capital"]
        draft.fields.update(
            summary=f"A {kind} on {topic_en} signed in {place} in {signed.year}.",
            kind=kind, signed=signed.isoformat(), signed_place=place)
        if b.rng.random() < 0.6:
            draft.fields["in_force"] = b.day(
                signed, min(signed + timedelta(days=700), LATEST)).isoformat()
        if b.rng.random() < 0.2:
            draft.fields["establishes"] = b.pick("councils").id
            draft.related.append(draft.fields["establishes"])
        draft.fields["parties"] = parties(b, draft, signed)
        draft.related += [p["state"] for p in draft.fields["parties"]]


def parties(b: Builder, treaty: Draft, signed: date) -> list[dict]:
    items = []
    for state in b.picks("states", 2, 6, skew=1.3):
        actions = [{"action": "signature", "date": signed.isoformat()}]
        ratified = b.day(signed, min(signed + timedelta(days=900), LATEST))
        if b.rng.random() < 0.7:
            actions.append({"action": "ratification", "date": ratified.isoformat()})
        if b.rng.random() < 0.08 and ratified + timedelta(days=365) <= LATEST:
            actions.append({"action": "withdrawal",
                            "date": b.day(ratified + timedelta(days=365)).isoformat()})
        item: dict = {"state": state.id, "actions": actions, "sources": b.cite(treaty)}
        items.append(item)
    return items


def make_events(b: Builder, count: int) -> None:
    dates = sorted(b.day(date(1992, 1, 1)) for _ in range(count))
    last_in_series: dict[str, Draft] = {}
    for when in dates:
        kind = b.rng.choice(words.EVENT_KINDS)
        host = b.pick("states", skew=1.3)
        council = b.pick("councils", skew=1.3)
        city = b.capitals_ru[host.id]
        english = f"{kind.capitalize()} of the {council.name} in {latin(city)} ({when.year})"
        draft = b.add("events", english, f"Заседание: {city}, {when.isoformat()}",
                      f"{latin(city)}-{when.isoformat()}-{kind}")
        draft.fields.update(
            aliases=[f"{latin(city)} {kind} {when.year}"],
            summary=f"A {kind} in {latin(city)} on {when.isoformat()}.",
            kind=kind, date=when.isoformat(), place=latin(city), host=host.id,
            councils=[council.id],
        )
        draft.fields["participants"] = [
            {"official": o.id, "role": b.rng.choice(words.ROLES), "sources": b.cite(draft)}
            for o in b.picks("officials", 2, 5)]
        if b.rng.random() < 0.4:
            draft.fields["documents"] = [t.id for t in b.picks("treaties", 1, 2)]
        previous = last_in_series.get(council.id)
        if previous is not None:
            draft.fields["previous"] = previous.id
        last_in_series[council.id] = draft
        draft.related += [host.id, council.id, *(p["official"]
                                                 for p in draft.fields["participants"])]


def report_subjects(b: Builder) -> list[str]:
    """What a source reports on: an event, where it was held and who took part."""
    event = b.pick("events")
    return [event.id, event.fields["host"], event.fields["participants"][0]["official"]]


# ---- what every entity has ---------------------------------------------------------------


def add_common(b: Builder, draft: Draft) -> None:
    """Description, sources, tags and identifiers, after every entity has its id."""
    draft.fields["description"] = description(b, draft)
    if draft.cited:
        draft.fields["sources"] = draft.cited
    draft.fields["tags"] = b.rng.sample(words.TAGS, b.rng.randint(1, 3))
    if b.rng.random() < 0.3:
        draft.fields["identifiers"] = {"wikidata": f"Q{b.rng.randint(1000, 9_999_999)}"}


def description(b: Builder, draft: Draft) -> str:
    """Two short paragraphs linking the related entities and a few others."""
    related = list(dict.fromkeys(draft.related))[:3]
    others = [b.pick(b.rng.choice(list(SHARES))).id]
    links = [link(b, i) for i in related + others if i != draft.id]
    listed = f"{', '.join(links[:-1])} and {links[-1]}" if len(links) > 1 else links[0]
    first = f"{draft.name} appears in the record together with {listed}."
    filler = b.rng.sample(words.FILLER, 3)
    return f"{first} {filler[0]}\n\n{filler[1]} {filler[2]}\n"


def link(b: Builder, entity_id: str) -> str:
    if b.rng.random() < 0.3:
        return f"[[{entity_id}|{b.by_id[entity_id].name.split(' (')[0]}]]"
    return f"[[{entity_id}]]"


# ---- the folder --------------------------------------------------------------------------


def build(entities: int, seed: int, tails: Tails | None = None) -> list[Draft]:
    """Every entity of a corpus, in a fixed order; with `tails`, real data's heavy tails."""
    b = Builder(seed, tails)
    numbers = counts(entities)
    for type_name, make in (("sources", make_sources), ("states", make_states),
                            ("councils", make_councils), ("offices", make_offices),
                            ("treaties", make_treaties), ("officials", make_officials),
                            ("events", make_events)):
        make(b, numbers[type_name])
    for source in b.by_type["sources"]:
        source.related += report_subjects(b)
    drafts = [d for type_name in SHARES for d in b.by_type[type_name]]
    for draft in drafts:
        add_common(b, draft)
    return drafts


def write_corpus(folder: Path, entities: int, seed: int = 1,
                 site_files: Path = REPOSITORY, tails: bool = False) -> dict[str, int]:
    """Write a complete wiki into `folder`, which must be empty or absent: `entities/`,
    and `mkdocs.yml` and the hand-written `docs/` copied from `site_files` (by default
    this repository). With `tails`, the corpus has real data's heavy tails (`Tails`).
    Returns the number of entities of each type."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty; give a new or empty folder")
    drafts = build(entities, seed, TAILS if tails else None)
    for draft in drafts:
        target = folder / "entities" / draft.type / f"{draft.id}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yamltext.entity_file(draft.type, draft.fields), encoding="utf-8")
    copy_site_files(folder, site_files)
    numbers: dict[str, int] = {}
    for draft in drafts:
        numbers[draft.type] = numbers.get(draft.type, 0) + 1
    return numbers


def copy_site_files(folder: Path, source: Path) -> None:
    """`source`'s mkdocs.yml and every hand-written file under its docs/: not the type
    folders, `_generated/`, nor anything the generator's manifest lists."""
    shutil.copy2(source / "mkdocs.yml", folder / "mkdocs.yml")
    docs = source / "docs"
    written = generated_files(docs)
    for path in sorted(docs.rglob("*")):
        relative = path.relative_to(docs)
        if (relative.parts[0] in GENERATED or relative.as_posix() in written
                or relative.name.endswith(".tmp") or not path.is_file()):
            continue
        target = folder / "docs" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def generated_files(docs: Path) -> set[str]:
    try:
        manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return set(manifest.get("files", {}))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=1000, help="how many entities")
    parser.add_argument("--seed", type=int, default=1, help="the same seed, the same files")
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    parser.add_argument("--tails", action="store_true",
                        help="with real data's heavy tails: long member lists, a state in "
                        "many organizations, a long career, a dataset cited by most claims, "
                        "150 languages, offices named alike")
    args = parser.parse_args(argv)
    numbers = write_corpus(args.out, args.entities, args.seed, tails=args.tails)
    listed = ", ".join(f"{n} {t}" for t, n in numbers.items())
    print(f"Wrote {sum(numbers.values())} entities to {args.out}: {listed}.", file=sys.stderr)


if __name__ == "__main__":
    main()
