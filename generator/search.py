"""The search index, ranked as a reader expects: the thing named first.

A step over the built site (`site.finish`), after the engine: it rewrites the index that
Material's search plugin wrote (`search/search_index.json`) and writes the copy read from
disk (`search/search_index.js`), so that whichever engine ran before, the same index
comes out.

Why not through Material's options. Material 9 searches with lunr, in a web worker that
indexes every field the index's `config.fields` lists, with its boost (by default title
×1,000, text ×1, tags ×1,000,000), and each entry's own `boost` (the front matter's
`search.boost`). But it turns length normalisation off (`b(0)`) and adds a trailing
wildcard to every word typed: for "Russia" a page titled "President of Russia" scores as
high as the page "Russia", and for "UN" a word anywhere starting "un" counts. No
documented option ranks an exact name first; pushing names into `tags` (what this wiki
did) shows them as keyword chips under every result, and weighs every language's names.
What the worker does rely on is the index's documented shape, `{config, docs}`, and the
fields config names. So this step:

- keeps one entry per entity page: its sections (the opening the wiki plugin lets
  search read) are folded into it;
- gives it name fields, boosted far above everything: its names, aliases and names in
  the index's own languages (`config.lang`) that are one word ("CSTO", "ОДКБ",
  "Russia", "UN"). A word typed is a prefix to lunr, so "Belarus" also matches
  "Belarusian" in "President of Belarus"'s names, and "UN" matches "UNESCO" (whose idf
  is higher, as "UN" is in many texts): only fields of whole names, the shorter above the
  longer, put the page of that very name first;
- and a `names` field, boosted above the title: the words of those names, written twice
  when the name has one or two words (lunr's term-frequency weight: 1, then 1.38), so
  "Lukashenko" in "Alexander Lukashenko" outweighs it in a long event's name, and no one
  page's many names drown the others;
- puts names in other languages in an `other_names` field, each word once, boosted like
  the text: they find their page without weighing on every result;
- writes the index as UTF-8, not with escapes (Cyrillic takes a third of the bytes).

The front matter of each generated page (`search_names`) gives the names; nothing here
knows the entity types. Material shows a result's title, text and tags only, so these
fields stay out of sight. If a Material update changes the index's shape, the step leaves
it as it is (`rank` returns None) and a test fails (tests/test_search.py).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

# A whole one-word name typed ("CSTO", "Russia", "UN") comes first: such names are in a
# field for their length (`name2` for two letters or fewer … `name9` for nine or more),
# each boosted NAME_STEP times above the next longer one, which covers any difference
# in lunr's idf (at most 13 times at 10,000 pages).
NAME_BOOST, NAME_STEP, NAME_LENGTHS = 1e6, 30, range(2, 10)
NAMES_BOOST = 1e5  # then the words of names, above the title's 1e3
OTHER_NAMES_BOOST = 1.0  # as the text: found, not favoured
# Where an entity's summary ends in its entry's text: the index read from disk keeps that
# alone, as the browser builds it on the page's own thread.
SUMMARY_END = "</p>"
OFFLINE_PREFIX = "var __index = "
PUNCTUATION = "()[]{},.;:!?\"'«»„“”‘’"  # around a name's words: "(Аланзем)" is found by "Аланзем"


def name_field(word: str) -> str:
    return f"name{min(max(len(word), NAME_LENGTHS[0]), NAME_LENGTHS[-1])}"


def name_fields(names: dict[str, list[str]], languages: list[str], separator: str
                ) -> dict[str, str]:
    """The name fields of an entity's entry. `names` maps a language tag to names (""
    for the name and aliases, in the wiki's own language)."""
    split = re.compile(separator or r"[\s\-]+")
    whole: dict[str, dict[str, None]] = {}
    own: dict[str, int] = {}
    other: dict[str, None] = {}
    for language, values in names.items():
        mine = language == "" or language.split("-")[0] in languages
        for name in values:
            words = [w for w in (w.strip(PUNCTUATION) for w in split.split(name.casefold())) if w]
            for word in words:
                if mine:
                    own[word] = max(own.get(word, 0), 2 if len(words) <= 2 else 1)
                else:
                    other[word] = None
            if mine and len(words) == 1:
                whole.setdefault(name_field(words[0]), {})[words[0]] = None
    fields = {**{field: " ".join(found) for field, found in sorted(whole.items())},
              "names": " ".join(word for word, times in own.items() for _ in range(times)),
              "other_names": " ".join(word for word in other if word not in own)}
    return {key: html.escape(value, quote=False) for key, value in fields.items() if value}


def rank(index: dict, names: dict[str, dict[str, list[str]]]) -> dict | None:
    """The index with one entry per named page (`names`: by page URL) and its names'
    fields; None when the index is not in the shape this relies on."""
    config, docs = index.get("config"), index.get("docs")
    if not isinstance(config, dict) or not isinstance(docs, list) or not isinstance(
            config.get("fields"), dict):
        return None
    languages = [str(lang) for lang in config.get("lang") or []]
    separator = str(config.get("separator") or "")
    entries: list[dict] = []
    pages: dict[str, dict] = {}
    for doc in docs:
        location = str(doc.get("location", ""))
        page, _, anchor = location.partition("#")
        if page not in names:
            entries.append(doc)
            continue
        entry = pages.get(page)
        if entry is None:
            entry = pages[page] = {**doc, "location": page}
            entry.pop("tags", None)
            entry.update(name_fields(names[page], languages, separator))
            entries.append(entry)
            if not anchor:
                continue
        # A section of the page: its heading and text join the page's entry.
        entry["text"] = " ".join(part for part in (
            entry.get("text", ""), f"<p>{doc.get('title', '')}</p>" if anchor else "",
            doc.get("text", "")) if part)
    fields = {name: value for name, value in config["fields"].items() if name != "tags"}
    for length in NAME_LENGTHS:
        fields[f"name{length}"] = {"boost": NAME_BOOST * NAME_STEP ** (NAME_LENGTHS[-1] - length)}
    fields["names"] = {"boost": NAMES_BOOST}
    fields["other_names"] = {"boost": OTHER_NAMES_BOOST}
    return {**index, "config": {**config, "fields": fields}, "docs": entries}


def offline(index: dict, names: dict, summarised: set[str]) -> dict:
    """The index read from disk: entity pages keep their summary alone as text (the
    `summarised` pages have one; it opens the page)."""
    docs = []
    for doc in index["docs"]:
        if doc["location"] in names:
            text = doc.get("text", "")
            end = text.find(SUMMARY_END) if doc["location"] in summarised else -1
            doc = {**doc, "text": text[:end + len(SUMMARY_END)] if end >= 0 else ""}
        docs.append(doc)
    return {**index, "docs": docs}


def dumps(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def write(site: Path, names: dict[str, dict[str, list[str]]], summarised: set[str]) -> bool:
    """Rank the index the engine wrote into `site` and write the copy read from disk;
    False when there is no index in Material's shape (search off, another engine)."""
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return False
    ranked = rank(json.loads(path.read_text(encoding="utf-8")), names)
    if ranked is None:
        return False
    path.write_text(dumps(ranked), encoding="utf-8")
    (site / "search" / "search_index.js").write_text(
        OFFLINE_PREFIX + dumps(offline(ranked, names, summarised)), encoding="utf-8")
    return True
