"""The search index, ranked as a reader expects: the thing named first.

A step over the built site, after the engine (run by `finish`): it rewrites the index that
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
- gives it a `name` field, boosted far above everything: its names, aliases and names
  in the index's own languages (`config.lang`) that are one word ("CSTO", "ОДКБ",
  "Russia", "UN"). A word typed is a prefix to lunr, so "Belarus" also matches
  "Belarusian" in "President of Belarus"'s names, and "UN" matches "UNESCO" (whose idf
  is higher, as "UN" is in many texts): only a field of whole names, marked apart from
  other words and the shorter written more often, puts the page of that very name first;
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

# A whole one-word name typed ("CSTO", "Russia", "UN") comes first: such names are in the
# `name` field, boosted above all, with a mark after them (`un0`) that keeps them apart
# from the same word in any text, so that every whole name has the highest idf, and
# written the more times, the shorter (4 times up to 2 letters, 3 up to 4, 2 up to 7).
# A word typed is a prefix to lunr: for "UN", "UN" (4 times) outweighs "UNESCO" (twice).
# One field, not one for each length: lunr gives every term a place for every field,
# and from disk the index is built on the page's thread (four fields, one for each
# range of lengths, took 1.5 s more CPU to build the index of 10,000 heavy-tail
# entities: benchmarks/search_worker.js).
NAME_BOOST, NAME_MARK = 1e8, "0"
NAME_TIMES = ((2, 4), (4, 3), (7, 2))  # (up to this many letters, written so many times)
NAMES_BOOST = 1e5  # then the words of names, above the title's 1e3
OTHER_NAMES_BOOST = 1.0  # as the text: found, not favoured
# Where an entity's summary ends in its entry's text: the index read from disk keeps that
# alone, as the browser builds it on the page's own thread.
SUMMARY_END = "</p>"
OFFLINE_PREFIX = "var __index = "
PUNCTUATION = "()[]{},.;:!?\"'«»„“”‘’"  # around a name's words: "(Аланзем)" is found by "Аланзем"


def whole_name(word: str) -> str:
    """A one-word name as the `name` field holds it: marked, repeated by its shortness."""
    times = next((n for letters, n in NAME_TIMES if len(word) <= letters), 1)
    return " ".join([word + NAME_MARK] * times)


def name_fields(names: dict[str, list[str]], languages: list[str], separator: str
                ) -> dict[str, str]:
    """The name fields of an entity's entry. `names` maps a language tag to names (""
    for the name and aliases, in the wiki's own language)."""
    split = re.compile(separator or r"[\s\-]+")
    whole: dict[str, None] = {}
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
                whole[words[0]] = None
    fields = {"name": " ".join(whole_name(word) for word in whole),
              "names": " ".join(word for word, times in own.items() for _ in range(times)),
              "other_names": " ".join(word for word in other if word not in own)}
    return {key: html.escape(value, quote=False) for key, value in fields.items() if value}


# The numbers of footnote markers, which Material keeps as text: a summary citing six
# sources would read "Moscow.123456" in a result.
FOOTNOTE_MARKS = re.compile(r"<sup>\d+</sup>")


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
        if isinstance(doc.get("text"), str):  # footnote markers: "Moscow.123456" in a result
            doc = {**doc, "text": FOOTNOTE_MARKS.sub("", doc["text"])}
        location = str(doc.get("location", ""))
        page, _, anchor = location.partition("#")
        if page not in names:
            entries.append(doc)
            continue
        entry = pages.get(page)
        if entry is None:
            # Fields this step adds are made afresh (a preview ranks its index again).
            entry = pages[page] = {key: value for key, value in doc.items()
                                   if key not in ("tags", "name", "names", "other_names")
                                   and not re.fullmatch(r"name\d+", key)}
            entry["location"] = page
            entry.update(name_fields(names[page], languages, separator))
            entries.append(entry)
            if not anchor:
                continue
        # A section of the page: its heading and text join the page's entry.
        entry["text"] = " ".join(part for part in (
            entry.get("text", ""), f"<p>{doc.get('title', '')}</p>" if anchor else "",
            doc.get("text", "")) if part)
    fields = {name: value for name, value in config["fields"].items()
              if name != "tags" and not re.fullmatch(r"name\d+", name)}
    fields["name"] = {"boost": NAME_BOOST}
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
