"""The entity types, declared once as data.

Validation (`records`), the editor JSON Schema (`editor_schema`), the format
reference in the contributor guide (`reference`) and the page templates all
read these declarations; adding a field is a change to this file alone.
"""

from __future__ import annotations

from dataclasses import dataclass

LABELS = {"iso_code": "ISO 3166 code", "url": "URL", "as_of": "As of"}

# Field kinds. Each is checked in `records` and mapped to JSON Schema in `editor_schema`.
TEXT = "text"  # one line of plain text
MARKDOWN = "markdown"  # Markdown with [[wikilinks]]
DATE = "date"  # ISO 8601 at the precision known: 1992, 1992-05, 1992-05-15
URL = "url"  # an http(s) address
INTEGER = "integer"
VALUE = "value"  # a number or a line of text (a fact's value)
CHOICE = "choice"  # one of `choices`
SLUG = "slug"  # a lower-case slug (tags)
REF = "ref"  # the id of an entity of one of `targets`
TEXT_MAP = "text_map"  # a mapping of short keys (language codes, schemes) to text
LIST = "list"  # a list of `item`
RECORD = "record"  # a mapping with declared `fields`


@dataclass(frozen=True)
class Field:
    """One field of an entity or of a relation item."""

    name: str
    kind: str
    doc: str
    required: bool = False
    targets: tuple[str, ...] = ()  # REF: the entity types it may point to
    choices: tuple[str, ...] = ()  # CHOICE: allowed values
    default: object = None  # shown in the reference, used when the field is absent
    item: Field | None = None  # LIST: what each item is
    fields: tuple[Field, ...] = ()  # RECORD: its fields
    inverse: str = ""  # REF: the heading of the derived relation on the target's page
    example: str = ""  # a YAML snippet for the reference and `wiki new`

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name.replace("_", " ").capitalize())

    def sub(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class EntityType:
    """A folder under `entities/` and the fields its files may have."""

    name: str  # folder name, plural: "states"
    singular: str  # "state"
    title: str  # heading of the index page: "States"
    doc: str
    fields: tuple[Field, ...]
    columns: tuple[str, ...] = ()  # fields shown in the index table after the name

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def ref(name: str, targets: tuple[str, ...], doc: str, inverse: str, **kw) -> Field:
    return Field(name, REF, doc, targets=targets, inverse=inverse, **kw)


def ref_list(name: str, targets: tuple[str, ...], doc: str, inverse: str, **kw) -> Field:
    item = Field("item", REF, doc, targets=targets, inverse=inverse)
    return Field(name, LIST, doc, item=item, **kw)


def relation(name: str, doc: str, fields: tuple[Field, ...], **kw) -> Field:
    """A list of relation items; each item may carry its own sources and note."""
    item = Field("item", RECORD, doc, fields=(*fields, ITEM_SOURCES, NOTE))
    return Field(name, LIST, doc, item=item, **kw)


SOURCES_DOC = "Ids of the source entities that state this."
ITEM_SOURCES = ref_list("sources", ("sources",), SOURCES_DOC, "Cited by")
NOTE = Field("note", TEXT, "A short remark on this item: how a date was derived, a caveat.")
FROM = Field("from", DATE, "When it began.")
TO = Field("to", DATE, "When it ended; leave out while it lasts or when unknown.")
AS_OF = Field(
    "as_of",
    DATE,
    "A date on which the source attests it, when the period itself is not known.",
)

COMMON_FIELDS: tuple[Field, ...] = (
    Field("name", TEXT, "The English name, as a reader looks it up.", required=True),
    Field(
        "names",
        TEXT_MAP,
        "The name in other languages, keyed by language code.",
        example="names:\n  ru: Россия",
    ),
    Field(
        "aliases",
        LIST,
        "Other names and abbreviations search should find.",
        item=Field("item", TEXT, "An alias."),
        example="aliases: [CSTO, ОДКБ]",
    ),
    Field("summary", TEXT, "One line saying what it is; shown in index tables."),
    Field(
        "description",
        MARKDOWN,
        "Markdown. `[[id]]` and `[[id|text]]` link to other entities.",
    ),
    ref_list("sources", ("sources",), SOURCES_DOC, "Cited by"),
    Field(
        "tags",
        LIST,
        "Lower-case keywords.",
        item=Field("item", SLUG, "A tag."),
    ),
    Field(
        "former_ids",
        LIST,
        "Ids this entity had before a rename; their old pages redirect to this one.",
        item=Field("item", SLUG, "A former id."),
    ),
    Field(
        "identifiers",
        TEXT_MAP,
        "Ids in other databases, keyed by scheme.",
        example="identifiers:\n  wikidata: Q159",
    ),
    relation(
        "facts",
        "Dated, cited facts such as quantities.",
        (
            Field("property", TEXT, "What is measured: `personnel`.", required=True),
            Field("value", VALUE, "A number or text.", required=True),
            Field("unit", TEXT, "The unit, if any."),
            Field("date", DATE, "When the fact held."),
        ),
        example="facts:\n  - property: personnel\n    value: 22000\n    date: 2017-11-30\n"
        "    sources: [tass-2017-11-30-csto-minsk]",
    ),
)

STATES = EntityType(
    "states",
    "state",
    "States",
    "A sovereign state: a member, observer or party.",
    (
        *COMMON_FIELDS,
        Field("official_name", TEXT, "The full official name."),
        Field("iso_code", TEXT, "The ISO 3166-1 alpha-2 code, upper case: `RU`."),
        Field("capital", TEXT, "The capital city."),
    ),
    columns=("iso_code", "capital"),
)

OFFICES = EntityType(
    "offices",
    "office",
    "Offices",
    "A post that people hold in turn: President of Russia, CSTO Secretary General.",
    (
        *COMMON_FIELDS,
        ref(
            "belongs_to",
            ("states", "councils"),
            "The state or council the office belongs to.",
            "Offices",
        ),
        Field(
            "seats",
            INTEGER,
            "How many people hold it at once; terms may overlap only when above 1.",
            default=1,
        ),
    ),
    columns=("belongs_to",),
)

OFFICIALS = EntityType(
    "officials",
    "official",
    "Officials",
    "A person who holds or held an office.",
    (
        *COMMON_FIELDS,
        relation(
            "positions",
            "The offices held, each with its term.",
            (
                ref("office", ("offices",), "The office held.", "Holders", required=True),
                FROM,
                TO,
                AS_OF,
            ),
            example="positions:\n  - office: president-of-russia\n    as_of: 2017-11-30\n"
            "    sources: [tass-2017-11-30-csto-minsk]",
        ),
    ),
    columns=("positions",),
)

COUNCILS = EntityType(
    "councils",
    "council",
    "Councils",
    "An organization or any body of one: the CSTO, its councils, secretariat and forces.",
    (
        *COMMON_FIELDS,
        Field(
            "kind",
            CHOICE,
            "What sort of body it is.",
            choices=("organization", "council", "committee", "secretariat", "forces", "other"),
        ),
        ref("parent", ("councils",), "The body it is part of.", "Bodies"),
        Field("founded", DATE, "When it was founded."),
        Field("seat", TEXT, "Where it sits."),
        relation(
            "members",
            "Member states, observers and suspended members, each with its period.",
            (
                ref("state", ("states",), "The member state.", "Memberships", required=True),
                FROM,
                TO,
                AS_OF,
                Field(
                    "status",
                    CHOICE,
                    "The kind of membership.",
                    choices=("member", "observer", "suspended"),
                    default="member",
                ),
            ),
            example="members:\n  - state: russia\n    as_of: 2017-11-30\n"
            "    sources: [tass-2017-11-30-csto-minsk]",
        ),
    ),
    columns=("kind", "parent", "founded"),
)

TREATIES = EntityType(
    "treaties",
    "treaty",
    "Treaties",
    "A treaty, charter, agreement, declaration or protocol.",
    (
        *COMMON_FIELDS,
        Field(
            "kind",
            CHOICE,
            "What sort of document it is.",
            choices=("treaty", "charter", "agreement", "declaration", "protocol"),
        ),
        Field("signed", DATE, "When it was signed."),
        Field("signed_place", TEXT, "Where it was signed."),
        Field("in_force", DATE, "When it entered into force."),
        ref("establishes", ("councils",), "The organization or body it established.",
            "Established by"),
        relation(
            "parties",
            "The states party to it.",
            (
                ref("state", ("states",), "The party.", "Treaties", required=True),
                Field("signed", DATE, "When this state signed."),
                Field("ratified", DATE, "When this state ratified."),
                Field("withdrawn", DATE, "When this state withdrew."),
            ),
        ),
    ),
    columns=("kind", "signed", "signed_place"),
)

EVENTS = EntityType(
    "events",
    "event",
    "Events",
    "A summit, session, meeting or visit.",
    (
        *COMMON_FIELDS,
        Field("kind", CHOICE, "What sort of event.",
              choices=("summit", "session", "meeting", "visit")),
        Field("date", DATE, "When it took place."),
        Field("place", TEXT, "Where it took place."),
        ref("host", ("states",), "The host state.", "Events hosted"),
        ref_list("councils", ("councils",), "The councils that met.", "Sessions"),
        relation(
            "participants",
            "The officials who took part.",
            (
                ref("official", ("officials",), "The participant.", "Events attended",
                    required=True),
                Field("role", TEXT, "In what capacity: `representing Russia`."),
            ),
        ),
        ref_list("documents", ("treaties",), "Documents adopted or signed there.",
                 "Adopted at"),
        ref("previous", ("events",), "The preceding event of the same series.", "Next event"),
    ),
    columns=("kind", "date", "place"),
)

SOURCES = EntityType(
    "sources",
    "source",
    "Sources",
    "A publication that facts are cited to.",
    (
        *COMMON_FIELDS,
        Field("title", TEXT, "The full title as published."),
        Field("publisher", TEXT, "Who published it."),
        Field("published", DATE, "When it was published."),
        Field("url", URL, "Where to read it (http or https)."),
        Field("language", TEXT, "The language code of the text: `en`, `ru`."),
    ),
    columns=("publisher", "published"),
)

ENTITY_TYPES: tuple[EntityType, ...] = (
    STATES,
    OFFICIALS,
    OFFICES,
    COUNCILS,
    TREATIES,
    EVENTS,
    SOURCES,
)
TYPES_BY_NAME: dict[str, EntityType] = {t.name: t for t in ENTITY_TYPES}
