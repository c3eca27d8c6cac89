"""The entity types, declared once as data, with what their fields mean.

A type declares its fields (each of a kind from `kinds`) and its roles: its name in
the singular and with its article, its schema.org type, the columns of its index
table, the date it began. A field declares its roles too: the relation a reference
feeds on the other side (`inverse`), where a date falls in a period (`period`), what
a date means on the timeline (`timeline`), its schema.org property (`json_ld`), that
a relation's items are terms of a seat held in turn (`terms`), the date from which a
treaty binds its parties (`binds_from`). Validation (`records`), the graph, the pages,
the reports and exports, the editor JSON Schema, the format reference and `wiki new`
all follow from these declarations, so adding a type or a field is a change to this
file alone. `Model` checks the declarations when it loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from . import kinds
from .kinds import Choice, Identifiers, Kind, Ref, Scheme

LABELS = {"url": "URL", "as_of": "As of"}


@dataclass(frozen=True)
class Field:
    """One field of an entity or of a relation item."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    default: object = None  # shown in the reference, used when the field is absent
    item: Field | None = None  # a list's items
    fields: tuple[Field, ...] = ()  # a record's fields
    inverse: str = ""  # a reference: the heading of the relation on the target's page
    example: str = ""  # a YAML snippet for the reference and `wiki new`
    label_text: str = ""  # the reader's label, when not the name capitalised
    item_noun: str = "item"  # what one item of a relation is: "membership", "term"
    # Roles
    period: str = ""  # a date of a period: "start", "end" or "seen" (known on that day)
    after: tuple[str, ...] = ()  # a date that cannot come before these fields' dates
    timeline: str = ""  # a date's meaning on the timeline: "founded", "took office as"
    json_ld: str = ""  # its schema.org property
    json_ld_type: str = ""  # for a text property, the schema.org type of its value
    terms: bool = False  # a relation: its items are terms of a seat held in turn
    subject: str = "owner"  # a relation's timeline entries are about "owner" or "key"
    holders_on_target: bool = False  # a reference: the target's page lists the holders
    citation: bool = False  # a list of sources: shown as footnotes, not as a relation
    remark: bool = False  # a relation item's note
    seats: bool = False  # on an office-like type: how many may hold it at once
    required_if: tuple[str, tuple[str, ...]] = ()  # required when that field has those values
    consent: str = ""  # a treaty action: the participant table's column it goes in
    infobox: bool = True  # shown in the infobox when set (else it has its own section)
    binds_from: bool = False  # a treaty's date of entry into force: from it, consent binds

    @property
    def label(self) -> str:
        return self.label_text or LABELS.get(self.name, self.name.replace("_", " ").capitalize())

    @property
    def targets(self) -> tuple[str, ...]:
        kind = self.item.kind if self.item is not None else self.kind
        return kind.targets if isinstance(kind, Ref) else ()

    @property
    def is_relation(self) -> bool:
        """A list of records: each item relates the entity to another, with its data."""
        return self.item is not None and self.item.kind.is_record

    @property
    def record_fields(self) -> tuple[Field, ...]:
        return self.item.fields if self.is_relation else ()

    @property
    def key(self) -> Field | None:
        """The field of a relation item that names the other entity."""
        return next((s for s in self.record_fields if isinstance(s.kind, Ref)), None)

    @property
    def columns(self) -> tuple[Field, ...]:
        """A relation's fields shown in columns of their own (not the key, the sources,
        the note, nor the dates of a period, which share one column)."""
        key, shared = self.key, self.has_period
        return tuple(s for s in self.record_fields if s is not key and not s.citation
                     and not s.remark and not (shared and s.period))

    @property
    def has_period(self) -> bool:
        """A relation whose items have a period (from, to, as of), shown as one."""
        return self.period_field("start") is not None and self.period_field("seen") is not None

    def sub(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def period_field(self, role: str) -> Field | None:
        return next((s for s in self.record_fields if s.period == role), None)

    def json_schema(self) -> dict:
        result = self.kind.json_schema(self)
        if self.name != "item":
            result["description"] = self.describe()
            result["markdownDescription"] = self.describe()
        if self.default is not None:
            result["default"] = self.default
        return result

    def describe(self) -> str:
        """The doc, with the types a reference may name."""
        targets = self.targets
        if not targets:
            return self.doc
        if self.item is not None:
            return f"{self.doc} Ids of {' or '.join(targets)}."
        return f"{self.doc} The id of {' or '.join(MODEL.a(t) for t in targets)}."

    def example_yaml(self) -> str:
        if self.example:
            return self.example
        value = self.kind.example(self)
        return f"{self.name}:{'' if value.startswith(chr(10)) else ' '}{value}"


@dataclass(frozen=True)
class EntityType:
    """A folder under `entities/` and the fields its files may have."""

    name: str  # folder name, plural: "states"
    singular: str  # "state"
    title: str  # heading of the index page: "States"
    doc: str
    fields: tuple[Field, ...]
    columns: tuple[str, ...] = ()  # fields shown in the index table after the name
    schema_org: str = "Thing"  # its schema.org type
    schema_org_name: str = "name"  # the schema.org property its name goes into
    article: str = ""  # "an" before the singular, when not "a"
    starts: str = ""  # the field of the date it began: memberships cannot start before it
    kind: str = ""  # the field saying what sort of thing it is: it heads the infobox
    list_by: str = ""  # a choice field: the list page has a section for each of its values
    cited: bool = True  # its entities need sources (a source is itself the citation)
    # How search ranks its pages against others' (Material's `search.boost`): a reader who
    # types a name looks for the thing named, not a publication that names it.
    search_boost: float = 2
    # Its page's template under generator/templates/entity/: one that extends the common
    # base (`base.md.j2`) to reorder or add to its blocks, or the base itself.
    page: str = "base"

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def a(self) -> str:
        """`a state`, `an official`."""
        return f"{self.article or 'a'} {self.singular}"

    @property
    def relations(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.is_relation)


def ref(name: str, targets: tuple[str, ...], doc: str, inverse: str, **kw) -> Field:
    return Field(name, Ref(*targets), doc, inverse=inverse, **kw)


def ref_list(name: str, targets: tuple[str, ...], doc: str, inverse: str, **kw) -> Field:
    item = Field("item", Ref(*targets), doc, inverse=inverse,
                 citation=kw.get("citation", False))
    return Field(name, kinds.LIST, doc, item=item, **kw)


def listing(name: str, item_kind: Kind, doc: str, item_doc: str, **kw) -> Field:
    return Field(name, kinds.LIST, doc, item=Field("item", item_kind, item_doc), **kw)


def relation(name: str, doc: str, fields: tuple[Field, ...], **kw) -> Field:
    """A list of relation items; each item may carry its own sources and note."""
    item = Field("item", kinds.RECORD, doc, fields=(*fields, ITEM_SOURCES, NOTE))
    return Field(name, kinds.LIST, doc, item=item, **kw)


SOURCES_DOC = "Ids of the source entities that state this."
ITEM_SOURCES = ref_list("sources", ("sources",), SOURCES_DOC, "Cited by", citation=True)
SOURCES = ITEM_SOURCES.name  # the field, on entities and items, that cites sources
NOTE = Field("note", kinds.TEXT, "A short remark on this item: how a date was derived, a caveat.",
             remark=True)
FROM = Field("from", kinds.PERIOD_DATE, "When it began; `unknown` if it began on a day not "
             "known.", period="start")
TO = Field("to", kinds.PERIOD_DATE, "When it ended: leave it out while it lasts; write "
           "`unknown` when it ended on a day not known.", period="end", after=("from",))
AS_OF = Field(
    "as_of",
    kinds.DATE,
    "A date on which the source attests it, when the period itself is not known.",
    period="seen",
)
# An item's period, by role: what the graph, the pages and the reports read it through.
BEGIN, END, SEEN = FROM.name, TO.name, AS_OF.name

# Identifier schemes: a new one is a line here.
SCHEMES = (
    Scheme("wikidata", "Wikidata", r"Q[1-9]\d*", "Q159", "https://www.wikidata.org/wiki/{}"),
    Scheme("iso-3166-1-alpha-2", "ISO 3166-1 alpha-2", r"[A-Z]{2}", "RU",
           "https://www.iso.org/obp/ui/#iso:code:3166:{}"),
    Scheme("iso-3166-1-alpha-3", "ISO 3166-1 alpha-3", r"[A-Z]{3}", "RUS"),
    Scheme("iso-3166-1-numeric", "ISO 3166-1 numeric", r"\d{3}", "643"),
    Scheme("geonames", "GeoNames", r"[1-9]\d*", "2017370", "https://www.geonames.org/{}"),
)

COMMON_FIELDS: tuple[Field, ...] = (
    Field("name", kinds.TEXT, "The English name, as a reader looks it up.", required=True,
          infobox=False),
    Field(
        "names",
        kinds.LANGUAGES,
        "The name in other languages, keyed by BCP 47 language tag: `ru`, `kk`, `zh-Hans`.",
        example="names:\n  ru: …",
        infobox=False,
    ),
    listing("aliases", kinds.TEXT, "Other names and abbreviations search should find.",
            "An alias.", example="aliases: […]", infobox=False),
    Field("summary", kinds.TEXT, "One line saying what it is; shown in index tables.",
          infobox=False),
    Field(
        "description",
        kinds.MARKDOWN,
        "Markdown. `[[id]]` and `[[id|text]]` link to other entities.",
        infobox=False,
    ),
    ref_list("sources", ("sources",), SOURCES_DOC, "Cited by", citation=True, infobox=False),
    listing("tags", kinds.SLUG_KIND, "Lower-case keywords.", "A tag."),
    listing("former_ids", kinds.SLUG_KIND,
            "Ids this entity had before a rename; their old pages redirect to this one.",
            "A former id."),
    Field(
        "identifiers",
        Identifiers(*SCHEMES),
        "Ids in other databases, keyed by scheme; shown as links to their records.",
        label_text="Identifiers",
    ),
    relation(
        "facts",
        "Dated, cited facts such as quantities.",
        (
            Field("property", kinds.TEXT, "What is measured: `personnel`.", required=True),
            Field("value", kinds.VALUE, "A number or text.", required=True),
            Field("unit", kinds.TEXT, "The unit, if any."),
            Field("date", kinds.DATE, "When the fact held."),
        ),
        example="facts:\n  - property: …\n    value: …\n    date: YYYY-MM-DD\n"
        "    sources: [source-id]",
        infobox=False,
    ),
)

STATES = EntityType(
    "states",
    "state",
    "States",
    "A sovereign state: a member, observer or party.",
    (
        *COMMON_FIELDS,
        Field("official_name", kinds.TEXT, "The full official name."),
        Field("iso_code", kinds.TEXT, "The ISO 3166-1 alpha-2 code, upper case: `RU` (also "
              "accepted under `identifiers`).", label_text="ISO 3166 code"),
        Field("capital", kinds.TEXT, "The capital city."),
        Field("founded", kinds.DATE, "When it became independent or was formed.",
              timeline="was formed"),
        Field("dissolved", kinds.DATE, "When it ceased to exist, for a former state.",
              after=("founded",), timeline="ceased to exist"),
        relation(
            "predecessors",
            "The states it succeeded, each with the date of succession.",
            (
                ref("state", ("states",), "The predecessor state.", "Successor states",
                    required=True),
                Field("date", kinds.DATE, "When the succession took effect.",
                      timeline="succeeded"),
            ),
            example="predecessors:\n  - state: state-id\n    date: YYYY-MM-DD\n"
            "    sources: [source-id]",
            item_noun="succession",
        ),
    ),
    columns=("iso_code", "capital"),
    schema_org="Country",
)

OFFICES = EntityType(
    "offices",
    "office",
    "Offices",
    "A post that people hold in turn: a head of state, a minister, an organization's "
    "secretary general.",
    (
        *COMMON_FIELDS,
        ref(
            "belongs_to",
            ("states", "councils"),
            "The state or council the office belongs to.",
            "Offices",
            holders_on_target=True,
        ),
        Field(
            "seats",
            kinds.INTEGER,
            "How many people hold it at once; terms may overlap only when above 1.",
            default=1,
            seats=True,
        ),
        Field("created", kinds.DATE, "When the office was created.", timeline="was created"),
        Field("abolished", kinds.DATE, "When it was abolished.", after=("created",),
              timeline="was abolished"),
    ),
    columns=("belongs_to",),
    schema_org="Role",
    schema_org_name="roleName",
    article="an",
    starts="created",
    page="office",  # its holders first
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
                replace(FROM, timeline="took office as"),
                replace(TO, timeline="left office as"),
                AS_OF,
                Field("acting", kinds.FLAG, "`true` when held as acting (ad interim).",
                      label_text="Acting"),
            ),
            example="positions:\n  - office: office-id\n    from: YYYY-MM-DD\n"
            "    sources: [source-id]",
            terms=True,
            json_ld="hasOccupation",
            item_noun="term",
        ),
    ),
    columns=("positions",),
    schema_org="Person",
    article="an",
)

COUNCILS = EntityType(
    "councils",
    "council",
    "Councils",
    "An organization or any body of one: an alliance, its councils, secretariat and forces.",
    (
        *COMMON_FIELDS,
        Field(
            "kind",
            Choice("organization", "council", "committee", "secretariat", "assembly", "staff",
                   "force", "agency", "ministry", "press-service", "other",
                   labels={"force": "Armed force", "staff": "Military staff"},
                   plurals={"agency": "Agencies", "assembly": "Assemblies",
                            "ministry": "Ministries",
                            "staff": "Military staffs", "other": "Other bodies"}),
            "What sort of body it is.",
        ),
        ref("parent", ("councils",), "The body it is part of.", "Bodies",
            json_ld="parentOrganization"),
        Field("founded", kinds.DATE, "When it was founded.", timeline="founded",
              json_ld="foundingDate"),
        Field("dissolved", kinds.DATE, "When it was dissolved.", after=("founded",),
              timeline="was dissolved"),
        Field("seat", kinds.TEXT, "Where it sits."),
        relation(
            "members",
            "Member states, observers and others, each status with its period.",
            (
                ref("state", ("states",), "The member state.", "Memberships", required=True),
                replace(FROM, timeline="became {status} of"),
                replace(TO, timeline="ceased to be {status} of"),
                AS_OF,
                Field(
                    "status",
                    Choice("member", "founding-member", "associate-member", "observer",
                           "partner", "dialogue-partner", "candidate", "applicant",
                           "suspended"),
                    "The kind of membership. A change of status is a new item.",
                    default="member",
                ),
            ),
            example="members:\n  - state: state-id\n    from: YYYY-MM-DD\n"
            "    sources: [source-id]",
            subject="key",
            json_ld="member",
            item_noun="membership",
        ),
    ),
    columns=("kind", "parent", "founded"),
    kind="kind",
    list_by="kind",
    schema_org="Organization",
    starts="founded",
)

ACTION = Choice(
    "signature", "ratification", "acceptance", "approval", "accession", "succession",
    "definitive-signature", "denunciation", "withdrawal",
    labels={"definitive-signature": "Definitive signature"},
    verbs={"signature": "signed", "ratification": "ratified", "acceptance": "accepted",
           "approval": "approved", "accession": "acceded to", "succession": "succeeded to",
           "definitive-signature": "definitively signed", "denunciation": "denounced",
           "withdrawal": "withdrew from"})
# The columns of a treaty's participant table, as a depositary keeps it.
ACTION_COLUMNS = {"signature": "Signature", "definitive-signature": "Consent",
                  "ratification": "Consent", "acceptance": "Consent", "approval": "Consent",
                  "accession": "Consent", "succession": "Consent",
                  "denunciation": "Withdrawal", "withdrawal": "Withdrawal"}
STATEMENTS = ("reservations", "declarations")

TREATIES = EntityType(
    "treaties",
    "treaty",
    "Treaties",
    "A treaty, charter, agreement, declaration, protocol or statute.",
    (
        *COMMON_FIELDS,
        Field(
            "kind",
            Choice("treaty", "charter", "agreement", "declaration", "protocol", "statute"),
            "What sort of document it is.",
        ),
        Field("signed", kinds.DATE, "When it was signed.", timeline="signed",
              json_ld="legislationDate"),
        Field("signed_place", kinds.TEXT, "Where it was signed."),
        Field("in_force", kinds.DATE, "When it entered into force.", after=("signed",),
              timeline="entered into force", binds_from=True),
        Field("depositary", kinds.TEXT, "Who keeps the original and the parties' instruments."),
        Field("status", Choice("in-force", "not-in-force", "terminated", "superseded"),
              "Whether it is in force today."),
        ref("establishes", ("councils",), "The organization or body it established.",
            "Established by"),
        ref("amends", ("treaties",), "The treaty this one amends or extends.", "Amended by"),
        relation(
            "parties",
            "The states that took part, with what each did, as a depositary records it.",
            (
                ref("state", ("states",), "The participant.", "Treaties", required=True),
                Field("actions", kinds.LIST, "What the state did, each with its date.",
                      item=Field("item", kinds.RECORD, "An action.", fields=(
                          Field("action", ACTION, "What it did.", required=True),
                          Field("date", kinds.DATE, "When.", timeline="{action}"),
                          ITEM_SOURCES,
                      ))),
                Field("in_force", kinds.DATE, "When the treaty entered into force for it.",
                      binds_from=True),
                *(Field(name, kinds.LIST, f"Its {name}, in the wiki's words.",
                        item=Field("item", kinds.RECORD, "One.", fields=(
                            Field("text", kinds.TEXT, "What it says.", required=True),
                            ITEM_SOURCES))) for name in STATEMENTS),
            ),
            example="parties:\n  - state: state-id\n    actions:\n"
            "      - action: signature\n        date: YYYY-MM-DD\n    sources: [source-id]",
            subject="key",
            item_noun="participation",
            consent="actions",
        ),
    ),
    columns=("kind", "signed", "signed_place"),
    kind="kind",
    schema_org="Legislation",
)

EVENTS = EntityType(
    "events",
    "event",
    "Events",
    "A summit, session, meeting, visit, exercise or operation.",
    (
        *COMMON_FIELDS,
        Field("kind", Choice("summit", "session", "meeting", "visit", "exercise", "operation",
                             "deployment"), "What sort of event."),
        Field("date", kinds.DATE, "When it took place (or began).", timeline="took place",
              json_ld="startDate"),
        Field("end", kinds.DATE, "When an event of several days ended.", after=("date",),
              json_ld="endDate"),
        Field("place", kinds.TEXT, "Where it took place.", json_ld="location",
              json_ld_type="Place"),
        ref("host", ("states",), "The host state.", "Events hosted"),
        ref("chair", ("states",), "The state chairing the body at the time.", "Events chaired"),
        ref_list("councils", ("councils",), "The councils that met.", "Sessions"),
        relation(
            "participants",
            "The officials who took part.",
            (
                ref("official", ("officials",), "The participant.", "Events attended",
                    required=True),
                Field("role", kinds.TEXT, "In what capacity: `representing Russia`."),
            ),
        ),
        ref_list("documents", ("treaties",), "Documents adopted or signed there.",
                 "Adopted at"),
        ref("previous", ("events",), "The preceding event of the same series.", "Next event"),
    ),
    columns=("kind", "date", "place"),
    kind="kind",
    schema_org="Event",
    article="an",
)

SOURCE_TYPE = EntityType(
    "sources",
    "source",
    "Sources",
    "A publication that facts are cited to: a web page, article, dataset, document or book.",
    (
        *COMMON_FIELDS,
        Field("kind", Choice("web-page", "article", "dataset", "document", "book"),
              "What sort of publication it is.", default="web-page"),
        Field("title", kinds.TEXT, "The full title as published.", json_ld="headline"),
        Field("publisher", kinds.TEXT, "Who published it.", json_ld="publisher"),
        Field("published", kinds.DATE, "When it was published.", timeline="published",
              json_ld="datePublished"),
        Field("version", kinds.TEXT, "A dataset's version or a book's edition.",
              json_ld="version"),
        Field("accessed", kinds.DATE, "When it was read (for a web page or dataset).",
              after=("published",)),
        Field("url", kinds.URL, "Where to read it (http or https): the exact page that states "
              "the facts. Required for web pages and articles.", json_ld="url",
              required_if=("kind", ("web-page", "article"))),
        Field("language", kinds.TEXT, "The language of the text, as a BCP 47 tag: `en`, `ru`.",
              json_ld="inLanguage"),
    ),
    columns=("publisher", "published"),
    kind="kind",
    schema_org="CreativeWork",
    cited=False,
    search_boost=0.5,
)


PAGE_TEMPLATES = Path(__file__).parent / "templates" / "entity"


class ModelError(Exception):
    """A mistake in the declarations themselves, found when they load."""


class Model:
    """The declared types, checked for consistency."""

    def __init__(self, types: tuple[EntityType, ...]) -> None:
        self.types = types
        self.by_name = {t.name: t for t in types}
        problems = model_problems(types)
        if problems:
            raise ModelError("the entity types are declared wrongly:\n- " + "\n- ".join(problems))

    def __getitem__(self, name: str) -> EntityType:
        return self.by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    def __iter__(self) -> Iterator[EntityType]:
        return iter(self.types)

    def a(self, type_name: str) -> str:
        return self.by_name[type_name].a


def model_problems(types: tuple[EntityType, ...]) -> list[str]:
    names = [t.name for t in types]
    problems = [f"the type '{n}' is declared twice" for n in sorted(set(names))
                if names.count(n) > 1]
    inverses: dict[tuple[str, str], str] = {}  # (target type, heading) -> where declared
    for t in types:
        problems += type_problems(t, set(names), inverses)
    return problems


def type_problems(t: EntityType, type_names: set[str],
                  inverses: dict[tuple[str, str], str]) -> list[str]:
    problems = []
    field_names = [f.name for f in t.fields]
    for name in sorted({n for n in field_names if field_names.count(n) > 1}):
        problems.append(f"{t.name}: the field '{name}' is declared twice")
    for role, name in ([("columns", c) for c in t.columns] + [("starts", t.starts)]
                       + [("kind", t.kind), ("list_by", t.list_by)]):
        if name and name not in field_names:
            problems.append(f"{t.name}: {role} names '{name}', which is not one of its fields")
    if not (PAGE_TEMPLATES / f"{t.page}.md.j2").is_file():
        problems.append(f"{t.name}: its page's template '{t.page}' is not in "
                        "generator/templates/entity/ (write it, or leave `page` out for the base)")
    for where, f, siblings in walk_fields(t.fields, t.name):
        for target in f.targets:
            if target not in type_names:
                problems.append(f"{where}: refers to the type '{target}', which is not declared")
        is_reference = isinstance(f.kind, Ref)
        if is_reference and not f.inverse:
            problems.append(f"{where}: a reference needs an `inverse`, the heading of the "
                            "relation on the other side")
        for name in f.after:
            if name not in {s.name for s in siblings}:
                problems.append(f"{where}: `after` names '{name}', which is not beside it")
        if is_reference and f.inverse and not f.citation:
            for target in f.targets:
                first = inverses.setdefault((target, f.inverse), where)
                if first != where:
                    problems.append(f"{where}: the inverse '{f.inverse}' is already declared "
                                    f"by {first} for the same type")
        if f.terms and f.key is None:
            problems.append(f"{where}: `terms` needs a reference in each item")
    return problems


def walk_fields(fields: tuple[Field, ...], where: str):
    """Every declared field, nested ones too: (its place, the field, the fields beside it)."""
    for f in fields:
        place = f"{where}.{f.name}"
        yield place, f, fields
        if f.item is not None:
            yield place + "[]", f.item, ()
            yield from walk_fields(f.item.fields, place + "[]")
        yield from walk_fields(f.fields, place)


MODEL = Model((STATES, OFFICIALS, OFFICES, COUNCILS, TREATIES, EVENTS, SOURCE_TYPE))


def entity_types() -> tuple[EntityType, ...]:
    return MODEL.types


def entity_type(name: str) -> EntityType:
    return MODEL.by_name[name]


@contextmanager
def using(*types: EntityType):
    """The model with these types added, or put in place of those of the same name
    (tests declare a new type or field with it)."""
    global MODEL
    before = MODEL
    replaced = {t.name: t for t in types}
    kept = tuple(replaced.pop(t.name, t) for t in before.types)
    MODEL = Model(kept + tuple(replaced.values()))
    try:
        yield MODEL
    finally:
        MODEL = before
