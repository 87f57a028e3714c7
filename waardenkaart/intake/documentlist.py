"""The one list of the kit's documents (content/documenten.toml): file, audience, purpose, condition, maker.

The kit maker loops over it, and the command line's summary, the web page and the kit's LEESMIJ.txt
are written from it, so adding a document is one entry here and one function that makes it.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import jinja2

from .data import Record, read_file, template_variables
from .profile import Profile

AUDIENCES = ("drukker", "school", "procesbegeleider")
ALWAYS = "altijd"
# A document made only when the profile holds this list.
CONDITIONS = ("waarden", "waarden_ouders")
OURS = "ours"  # marks the kit's own words, as opposed to the handbook's, for the handbook test
# What a PDF's title and subject may name: the school (or the neutral kit's wording), the year of the dream
# (None when unknown), how many cards, the session.
INFO_VARIABLES = {"school", "jaar", "count", "session"}
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.(pdf|csv|txt|zip|xlsx)")


@dataclass(frozen=True)
class Document:
    file: str
    audience: str  # drukker, school or procesbegeleider
    purpose: str
    when: str  # "altijd" or a profile list that must be given
    maker: str  # the name of the function that makes it
    title: str = ""  # a PDF's document title, a template (see INFO_VARIABLES)
    subject: str = ""  # a PDF's subject, a template
    session2: bool = False  # also in the kit of only what the team's values change or add, for session 2

    def made_for(self, profile: Profile) -> bool:
        return self.when == ALWAYS or bool(getattr(profile, self.when))


@dataclass(frozen=True)
class DocumentList:
    documents: tuple[Document, ...]
    audiences: dict[str, str]  # key -> heading, e.g. "Voor de drukker"
    conditions: dict[str, str]  # profile list -> sentence saying when the document is made
    zip_file: str
    zip_purpose: str
    readme_title: str  # template with school and jaar
    more_heading: str
    session2_note: str  # under the readme's first line in the kit of only what is new for session 2

    def for_session2(self) -> "DocumentList":
        """The list of the kit that holds only what the team's values change or add (maak --alleen-sessie2)."""
        return replace(self, documents=tuple(document for document in self.documents if document.session2))

    def for_profile(self, profile: Profile) -> tuple[Document, ...]:
        return tuple(document for document in self.documents if document.made_for(profile))

    def by_audience(self, documents: Iterable[Document]) -> list[tuple[str, list[Document]]]:
        """(heading, documents) per audience in the fixed order, leaving out an audience with none."""
        documents = list(documents)
        groups = [(self.audiences[key], [d for d in documents if d.audience == key]) for key in AUDIENCES]
        return [(heading, group) for heading, group in groups if group]

    def listing(self, profile: Profile, with_zip: bool = False) -> list[str]:
        """The files made for this profile under their audience, each with its purpose, as lines of text."""
        lines = []
        for heading, group in self.by_audience(self.for_profile(profile)):
            entries = [(d.file, d.purpose) for d in group]
            if with_zip and group[0].audience == AUDIENCES[0]:
                entries.append((self.zip_file, self.zip_purpose))
            lines += [""] if lines else []
            lines.append(f"{heading}:")
            for file, purpose in entries:
                lines += [f"  {file}", f"      {purpose}"]
        return lines

    def left_out(self, profile: Profile) -> list[tuple[Document, str]]:
        """The documents this profile does not call for, each with the sentence that says when they are made."""
        return [(d, self.conditions[d.when]) for d in self.documents if not d.made_for(profile)]

    def readme_heading(self, school: str, jaar: int) -> str:
        return _template(self.readme_title).render(school=school, jaar=jaar)

    def file_made_by(self, maker: str) -> str:
        return next(document.file for document in self.documents if document.maker == maker)

    def info(self, maker: str, **variables) -> tuple[str, str]:
        """The PDF title and subject of the document `maker` makes, filled in; an empty template stays empty."""
        document = next(document for document in self.documents if document.maker == maker)
        return tuple(_template(text).render(**variables) if text else "" for text in (document.title, document.subject))


@cache
def _template(text: str) -> jinja2.Template:
    """A title's template, compiled once per process: every PDF of every kit asks for its title."""
    return jinja2.Environment(autoescape=False).from_string(text)


def load_document_list(folder: Path, makers: Iterable[str]) -> DocumentList:
    """Read and check documenten.toml; `makers` are the function names an entry may name."""
    makers = set(makers)
    root = read_file(folder, "documenten.toml")
    root.only("audience", "condition", "readme", "zip", "document")
    readme = root.sub("readme")
    readme.only("title", "more", "session2", OURS)
    template_variables(readme, "title", readme.get("title", str), {"school", "jaar"})
    audience = root.sub("audience")
    audience.only(*AUDIENCES, OURS)
    condition = root.sub("condition")
    condition.only(*CONDITIONS, OURS)
    zipped = root.sub("zip")
    zipped.only("file", "purpose", OURS)
    for rec in (audience, condition, zipped, readme):
        rec.get(OURS, bool, True)
    documents = []
    seen_files: set[str] = set()
    seen_makers: set[str] = set()
    for rec in root.subs("document"):
        rec.only("file", "for", "purpose", "when", "maker", "title", "subject", "session2", OURS)
        rec.get(OURS, bool, True)
        info = {key: rec.get(key, str, "") for key in ("title", "subject")}
        for key, text in info.items():
            template_variables(rec, key, text, INFO_VARIABLES)
        document = Document(
            _file_name(rec),
            rec.get("for", str, choices=AUDIENCES),
            _sentence(rec, "purpose"),
            rec.get("when", str, choices=(ALWAYS, *CONDITIONS)),
            rec.get("maker", str, choices=sorted(makers)),
            info["title"],
            info["subject"],
            rec.get("session2", bool, False),
        )
        if document.file in seen_files:
            raise rec.fail("file", f"'{document.file}' staat al eerder in de lijst.")
        if document.maker in seen_makers:
            raise rec.fail("maker", f"'{document.maker}' maakt al een ander document.")
        seen_files.add(document.file)
        seen_makers.add(document.maker)
        documents.append(document)
    if not documents:
        raise root.fail("document", "de lijst is leeg.")
    missing = sorted(makers - seen_makers)
    if missing:
        raise root.fail("document", f"geen document voor '{missing[0]}'.")
    return DocumentList(
        tuple(documents),
        {key: audience.get(key, str) for key in AUDIENCES},
        {key: _sentence(condition, key) for key in CONDITIONS},
        _file_name(zipped),
        _sentence(zipped, "purpose"),
        readme.get("title", str),
        readme.get("more", str),
        _sentence(readme, "session2"),
    )


def _file_name(rec: Record) -> str:
    name = rec.get("file", str)
    if not _FILE_NAME.fullmatch(name):
        raise rec.fail("file", f"'{name}' is geen eenvoudige bestandsnaam op .pdf, .csv, .txt of .zip.")
    return name


def _sentence(rec: Record, key: str) -> str:
    text = rec.get(key, str)
    if not text.strip() or text.rstrip()[-1] not in ".?!":
        raise rec.fail(key, "moet een zin zijn die met een punt eindigt.")
    return text
