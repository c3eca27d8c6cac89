"""Property-based tests: random valid wikis always check clean, build strictly and link
correctly; random damage to valid files gives diagnostics, never an exception."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pipeline import check, generate
from generator.site import build_site

from .conftest import CASES, make_wiki
from .sitecheck import broken_links

WORDS = st.sampled_from(["North", "Union", "Council", "Пакт", "Совет", "Treaty", "O'Neil",
                         "<b>", "[[x]]", "{{ y }}", "a|b", "*", "_", "#1", "Zoë", "&amp;"])
TEXT = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
LABEL = st.sampled_from(["the union", "Совет", "a <b>", "x|y", "*it*"])
YEARS = st.integers(min_value=1950, max_value=2025)  # the past: a future date is refused
STATUSES = st.sampled_from(["member", "founding-member", "associate-member", "observer",
                            "partner", "dialogue-partner", "candidate", "applicant",
                            "suspended"])
LANGUAGE_TAGS = st.sampled_from(["ru", "kk", "hy", "zh-Hans", "sr-Latn", "pt-BR", "be-tarask"])
ACTIONS = st.sampled_from(["signature", "ratification", "acceptance", "approval", "accession",
                           "succession", "definitive-signature", "denunciation", "withdrawal"])


def date_text(year: int, month: int, day: int, precision: int) -> str:
    return [f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"][precision]


DATES = st.builds(date_text, YEARS, st.integers(1, 12), st.integers(1, 28), st.integers(0, 2))


@st.composite
def wikis(draw) -> dict[str, dict[str, dict]]:
    """entities: type -> id -> data, with references only to entities that exist."""
    n_states = draw(st.integers(1, 4))
    states = {f"state-{i}": {"name": draw(TEXT), "names": {draw(LANGUAGE_TAGS): draw(TEXT)},
                             "identifiers": {"wikidata": f"Q{draw(st.integers(1, 10**6))}"}}
              for i in range(n_states)}
    sources = {"source-0": {"name": draw(TEXT), "kind": draw(st.sampled_from(
        ["web-page", "article"])), "url": "https://example.org/a?b=1&c=<2>",
        "accessed": "2026-11-30"}}
    cite = {"sources": ["source-0"]}
    council = {"name": draw(TEXT), "kind": "organization", "aliases": [draw(TEXT)],
               "members": [{"state": s, "from": draw(DATES), "status": draw(STATUSES),
                            **({"to": "unknown"} if draw(st.booleans()) else {}), **cite}
                           for s in draw(st.lists(st.sampled_from(sorted(states)),
                                                  unique=True))]}
    councils = {"council-0": council,
                "council-1": {"name": draw(TEXT), "parent": "council-0"}}
    offices = {"office-0": {"name": draw(TEXT), "belongs_to": draw(
        st.sampled_from(["council-0", *sorted(states)]))}}
    officials = {}
    start = draw(st.integers(1950, 1990))
    for i in range(draw(st.integers(0, 4))):  # successive terms: no overlap in the seat
        length = draw(st.integers(1, 8))
        end = str(start + length) if draw(st.integers(0, 3)) else "unknown"  # yet it ended
        term = {"office": "office-0", "from": str(start), "to": end, **cite}
        if draw(st.booleans()):
            term["acting"] = True
        officials[f"official-{i}"] = {
            "name": draw(TEXT), "positions": [term],
            "description": f"Linked to [[council-0|{draw(LABEL)}]] and [[state-0]]."}
        start += length + draw(st.integers(1, 3))
    treaties = {"treaty-0": {"name": draw(TEXT), "kind": "treaty", "signed": draw(DATES),
                             "establishes": "council-0",
                             "parties": [{"state": s, "actions": [
                                 {"action": draw(ACTIONS), "date": draw(DATES), **cite}
                                 for _ in range(draw(st.integers(0, 3)))], **cite}
                                 for s in sorted(states)]}}
    events = {"event-0": {"name": draw(TEXT), "kind": "summit", "date": draw(DATES),
                          "councils": ["council-1"], "documents": ["treaty-0"],
                          "participants": [{"official": o} for o in sorted(officials)]}}
    return {"states": states, "sources": sources, "councils": councils, "offices": offices,
            "officials": officials, "treaties": treaties, "events": events}


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True


def write_entities(folder: Path, wiki: dict[str, dict[str, dict]]) -> None:
    for type_name, entities in wiki.items():
        (folder / type_name).mkdir(parents=True, exist_ok=True)
        for entity_id, data in entities.items():
            text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
            (folder / type_name / f"{entity_id}.yaml").write_text(text, encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wikis())
def test_random_valid_wikis_check_clean(wiki) -> None:
    with tempfile.TemporaryDirectory() as folder:
        write_entities(Path(folder) / "entities", wiki)
        assert check(Path(folder)).problems == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wikis())
def test_random_valid_wikis_build_strictly_with_every_link_resolving(wiki) -> None:
    with tempfile.TemporaryDirectory() as folder:
        entities = Path(folder) / "generated-entities"
        write_entities(entities, wiki)
        root = make_wiki(Path(folder) / "wiki", entities)
        assert generate(root).problems == []
        build_site(root, root / "site", strict=True, offline=False)
        assert broken_links(root / "site") == []


BASIC = CASES / "valid" / "basic" / "entities"
FILES = sorted(p.relative_to(BASIC).as_posix() for p in BASIC.glob("*/*.yaml"))
DAMAGE = st.sampled_from(["", ":", "- ", "\t", "  ", "[", "]", "{", "}", "&a ", "*a", "!!",
                          "!!python/object:os.system ", '"', "'", "#", "|", ">", "\n", "\x00",
                          "\ufeff", "\udcff", "2017-02-30", "[[", "]]", "javascript:", "%", "@",
                          "`", "? ", "<<: ", "---\n", "...\n", "é", "~", "null"])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FILES), st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 3),
                                                  DAMAGE), min_size=1, max_size=4))
def test_damaged_files_give_diagnostics_never_exceptions(relative, edits) -> None:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(BASIC, Path(folder) / "entities")
        target = Path(folder) / "entities" / relative
        text = target.read_text(encoding="utf-8")
        for position, cut, insert in edits:
            position %= len(text) + 1
            text = text[:position] + insert + text[position + cut:]
        target.write_bytes(text.encode("utf-8", errors="surrogateescape"))
        outcome = check(Path(folder))  # must not raise
        for problem in outcome.problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message
