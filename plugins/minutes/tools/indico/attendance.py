"""Who attended, as meeting notes write it: present, apologies and chair from the notes' Markdown.

Pure functions, no file access. `take_attendance` finds the attendance blocks of a meeting's
notes (Markdown: record.py converts Indico's HTML first) and returns what they name and
the notes without them; `parse_person` reads one entry such as "Jane Doe (CERN)" or "@jdoe".

A block starts at a label (`LABELS`; case does not count): a line ("Present: A, B"), a heading,
a bold paragraph, a list item whose sub-list holds the names, or a table's column header. Where
the label stands alone (the colon is then optional), its names are the list, table or paragraph
that follows it; under a heading, the block runs on over the lists, tables, deeper headings
(institutes) and captions ("TSC members:") up to the next heading of the same level or higher,
or the first other paragraph. Every entry must read as a name (at most six words, no sentence,
no link). A block is taken out of the notes only when all of it was read as attendance;
otherwise its names are taken and the block stays, so nothing a note-taker wrote is lost.

Every regex here reads note text and runs in linear time on any line: bounded quantifiers, no
nested or overlapping repetition; what follows a fixed prefix is trimmed with str methods.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from minutes.core.body import HEADING_RE, heading_text, unemphasised
from minutes.core.names import normalize, strip_honorifics
from minutes.core.nesting import fenced_lines

Kind = Literal["present", "apologies", "chair"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The labels and the front-matter field each one fills.
LABELS: dict[str, Kind] = {
    "in attendance": "present",
    "roll call": "present",
    "present": "present",
    "attendees": "present",
    "attendee": "present",
    "attendance": "present",
    "attending": "present",
    "participants": "present",
    "participant": "present",
    "not present": "apologies",
    "apologies received from": "apologies",
    "apologies from": "apologies",
    "regrets from": "apologies",
    "apologies": "apologies",
    "apology": "apologies",
    "regrets": "apologies",
    "excused": "apologies",
    "absent": "apologies",
    "chairperson": "chair",
    "chaired by": "chair",
    "co-chairs": "chair",
    "co-chair": "chair",
    "chairs": "chair",
    "chair": "chair",
}
# Labels followed by their names without a colon: "Apologies from Ken.", "Chaired by A. Smith".
_OPEN_LABELS = frozenset(
    {"apologies received from", "apologies from", "regrets from", "chaired by"}
)
# A word before a label that says the people were not at this meeting: "Previous attendees".
_NOT_THIS_MEETING = _words(
    "previous past former expected invited regular usual potential prospective future next last "
    "required optional possible planned registered non not no"
)
# The first word of what may stand between a label and its colon: "Present via Zoom:".
_LABEL_SUFFIXES = _words("for at in on via from of over remotely remote online locally physically")
_LABEL_RE = re.compile(
    r"(?P<prefix>(?:[^\W\d_][\w'’.-]{0,29} {1,3}){0,3}?)"
    r"(?P<label>" + "|".join(re.escape(k) for k in sorted(LABELS, key=len, reverse=True)) + ")"
    r"(?![\w-])(?: {0,3}\([^()\n]{0,60}\))?(?P<end>[*_~ \t]{0,12}(?:[:：][*_~]{0,4})?)",
    re.I,
)
_SECTION_NUMBER_RE = re.compile(r"(?:\d{1,3}(?:\.\d{1,3}){0,4}[.)]?|[IVX]{1,5}\.) {1,3}")
_ITEM_RE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_TASK_RE = re.compile(r"\[([ xX✓✔])\][ \t]+")
_LINK_RE = re.compile(r"!?\[([^\[\]\n]{0,300})\]\([^()\s]{0,2000}\)")
_SEPARATOR_CELL_RE = re.compile(r":?-{1,200}:?")
_NOT_PLAIN = str.maketrans("", "", "\\`")  # escapes and code marks

# Lowercase words that make a text prose rather than a name.
_STOP_WORDS = _words(
    "the a an of to is are was were will would be been being we our us for with this that these "
    "those it its not no in on at by from as has have had can could should there their they he "
    "she his her you your i my me if but or so does did about into up out what which who when "
    "where how also more some than then because after before during"
)
# Lowercase words that belong to names: "Ludwig van Beethoven", "Maria do Carmo", "de la Cruz".
_PARTICLES = _words(
    "van von der den de del della di da do dos das du des la le ter ten bin ibn al el y e af av "
    "zu st"
)
# Entries that name nobody: "Apologies: none".
_NOTHING = frozenset(
    [
        "none",
        "nobody",
        "no one",
        "noone",
        "n/a",
        "na",
        "nil",
        "-",
        "–",
        "—",
        "…",
        "...",
        "etc",
        "tbd",
        "tbc",
        "all",
        "everyone",
        "none received",
        "name",
        "names",
        "attendee names",
        "your name",
        "add your name",
    ]
)
# Words that make an entry a group of people, not one person: "OpenJS Foundation Board".
_GROUP_WORDS = _words(
    "foundation council committee board maintainers members directors team group others guests "
    "observers staff secretariat inc inc. ltd ltd. llc gmbh corp corp. corporation company "
    "university institute laboratory lab labs studios representative representatives department "
    "agency association society consortium collaboration initiative"
)
# Roles written beside a name: "P. Kalmus (Chairperson)", "Daniel Heckenberg - Chairperson".
_ROLES = _words(
    "chair chairperson chairman chairwoman co-chair vice-chair secretary scribe notetaker minutes "
    "moderator host lead convener convenor facilitator speaker presenter member members observer "
    "guest treasurer"
)
_CHAIR_ROLES = _words("chair chairperson chairman chairwoman co-chair")
# Words of a note beside a name that is no affiliation: "jimpick (late)", "(30min late)".
_PRESENCE_NOTES = _words(
    "late early remote remotely online partial partially part joined left dropped phone audio"
)
# Words of entries that name no one: "see attached list", "thanks everyone", "Jose's iPhone".
_NOT_NAMES = _words(
    "see thanks thank everyone everybody list attached below above various several people folks "
    "unknown anonymous iphone ipad android phone zoom room office"
)
_NAME_HEADERS = frozenset({"name", "names", "full name", "person", "people", "who"})
_AFFILIATION_HEADERS = frozenset(
    {
        "affiliation",
        "institute",
        "institution",
        "organisation",
        "organization",
        "company",
        "employer",
        "lab",
        "laboratory",
        "university",
    }
)
_HANDLE_HEADERS = frozenset({"github", "handle", "github handle", "username", "nick", "irc"})
_MARKS = frozenset({"x", "✓", "✔", "✔️", "☑", "☑️", "✅", "yes", "y", "+", "1", "present"})
_NOT_MARKS = frozenset({"no", "n", "0", "✗", "✘", "❌"})
_OPENING = {"(": ")", "[": "]", "<": ">", "{": "}"}
_CLOSING = frozenset(_OPENING.values())
_DASHES = "-–—"
_STRUCK = "~~~~"  # where _strike_out took out a struck-through span
_MAX_WORDS = 6
_MAX_NAME = 80
_MAX_AFFILIATION = 60


@dataclass(frozen=True)
class Attendee:
    """One person as the notes name them: the name alone, and what the notes said beside it."""

    name: str
    affiliation: str | None = None
    handle: str | None = None  # "@jdoe" as "jdoe"
    role: str | None = None  # "Chairperson", as written beside the name


@dataclass
class Attendance:
    """The people the notes name, by the front-matter field they belong to, each once."""

    present: list[Attendee] = field(default_factory=list)
    apologies: list[Attendee] = field(default_factory=list)
    chair: list[Attendee] = field(default_factory=list)

    def add(self, kind: Kind, person: Attendee) -> None:
        """Add `person` to `kind` unless it names them already (docs/format.md §4 matching)."""
        people: list[Attendee] = getattr(self, kind)
        key = normalize(person.name)
        if all(normalize(p.name) != key for p in people):
            people.append(person)


@dataclass(frozen=True)
class Label:
    """An attendance label at the start of a text: its field and what follows it."""

    kind: Kind
    rest: str  # the text after the label, '' when the label stands alone
    colon: bool
    prefixed: bool  # words came before the label: "Other attendees"


def read_label(text: str) -> Label | None:
    """The attendance label `text` starts with: "Present:", "**Attendees**", "Other attendees:".

    A label followed by more text needs a colon ("Present: A") unless it is one of the open
    labels ("Apologies from Ken"); "Attendance and apologies" is one label.
    """
    body = text.lstrip(" \t*_~>")
    m = _LABEL_RE.match(body)
    if m is None:
        return None
    prefix = m.group("prefix").split()
    label = " ".join(m.group("label").lower().split())
    if prefix and prefix[-1].lower().strip(".") in _NOT_THIS_MEETING:
        return None
    if _prose(prefix) and not (prefix[-1] in ("were", "are", "was") and LABELS[label] != "chair"):
        return None  # "Call for participants:"; but "The following were present:"
    colon = any(c in m.group("end") for c in ":：")
    rest = body[m.end() :].strip(" \t")
    if not colon and rest.startswith((":", "：")):
        colon, rest = True, rest[1:].strip(" \t")
    head = rest.partition(":")[0].split()
    if not colon and ":" in rest and 0 < len(head) <= 4 and head[0].lower() in _LABEL_SUFFIXES:
        colon, rest = True, rest.partition(":")[2].strip(" \t")  # "Apologies for absence:"
    if not rest.strip("*_~ \t"):
        rest = ""
    elif not colon:
        words = rest.split(None, 1)
        joined = len(words) == 2 and words[0] in ("and", "&", "/") and len(words[1]) <= 40
        other = read_label(words[1]) if joined else None
        if other is not None and not other.rest:  # "Attendance and apologies"
            rest, colon = "", other.colon
        elif label not in _OPEN_LABELS or prefix:  # "The meeting was chaired by" is prose
            return None
    return Label(LABELS[label], rest, colon, bool(prefix))


def _bold_only(text: str) -> bool:
    """Whether a paragraph line is bold text alone: `**Attendees**`, `__Present:__`."""
    t = text.strip().rstrip(":： ")
    return len(t) > 4 and t[:2] in ("**", "__") and t[-2:] in ("**", "__")


# --- one person --------------------------------------------------------------------------------


def _split(text: str, separators: str, words: tuple[str, ...] = ()) -> list[str]:
    """Split on `separators` and the joining `words` (" and ") outside brackets; a bracket
    that never closes ("A (, B") does not hide the rest."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    lower = text.lower()
    unclosed = _unclosed(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _OPENING and i not in unclosed:
            depth += 1
        elif ch in _CLOSING:
            depth = max(depth - 1, 0)
        joiner = next((w for w in words if lower.startswith(w, i)), None) if ch == " " else None
        if depth == 0 and ch in separators:
            parts.append("".join(current))
            current = []
        elif depth == 0 and joiner is not None:
            parts.append("".join(current))
            current = []
            i += len(joiner) - 1
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _unclosed(text: str) -> set[int]:
    """The positions of the opening brackets that no closing bracket matches."""
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch in _OPENING:
            opened.append(i)
        elif ch in _CLOSING and opened:
            opened.pop()
    return set(opened)


def split_people(text: str) -> list[str]:
    """Split "A (X, Y), B and C & D" on commas, "and" and "&" outside brackets."""
    return _split(text, ",", (" and ", " & "))


def _brackets(text: str) -> tuple[str, list[str]]:
    """The text outside brackets, and what each outermost bracket held. An opening bracket
    that never closes holds the rest of the text; a stray closing one is dropped."""
    outside: list[str] = []
    inside: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPENING:
            if depth:
                current.append(ch)
            depth += 1
        elif ch in _CLOSING:
            if depth > 1:
                current.append(ch)
            elif depth == 1:
                inside.append("".join(current))
                current = []
                outside.append(" ")
            depth = max(depth - 1, 0)
        elif depth:
            current.append(ch)
        else:
            outside.append(ch)
    if depth:
        inside.append("".join(current))
    return "".join(outside), inside


def _cut_dash(text: str) -> tuple[str, str | None]:
    """'Jane Doe - CNRS' -> ('Jane Doe', 'CNRS'); the hyphen of 'Jean-Pierre' stays."""
    words = text.split()
    for i, word in enumerate(words):
        if i and word[0] in _DASHES:  # "Jane Doe - CNRS", "Spencer -tb"
            rest = " ".join([word.lstrip(_DASHES), *words[i + 1 :]]).strip()
            return " ".join(words[:i]), rest or None
    return text, None


def _initials(text: str, name: str) -> bool:
    """Whether '(CW)' only repeats the initials of 'Chris Williams' (or 'Chris Saint-Amant')."""
    letters = text.replace(".", "").replace(" ", "")
    if not (1 < len(letters) <= 5 and letters.isalpha() and letters.isupper()):
        return False
    spaced = "".join(w[0] for w in name.split())
    hyphened = "".join(w[0] for w in name.replace("-", " ").split())
    return letters in (spaced.upper(), hyphened.upper())


def _unlinked(text: str) -> str:
    """Markdown links (and images) replaced by their text."""
    return _LINK_RE.sub(r"\1", text)


def _plain(text: str) -> str:
    """An entry without Markdown: links keep their text; escapes, code and strike-through marks
    and emphasis (as core/body.py reads it: `jane_doe` keeps its `_`) go."""
    return unemphasised(_unlinked(text).translate(_NOT_PLAIN).replace("~~", ""))


def _is_nothing(text: str) -> bool:
    t = " ".join(_plain(text).lower().strip(" .!()[]@…_*").split())
    return not t or t in _NOTHING or not any(c.isalnum() for c in t)


def _handle(text: str) -> str | None:
    h = text.strip(" .,;:*_'\"`").removeprefix("@")
    return h if 0 < len(h) <= 40 and all(c.isalnum() or c in "-_." for c in h) else None


def _prose(words: list[str]) -> bool:
    """A lowercase stop word among the words ("Will Smith" is a name, "we will" is not)."""
    return any(w.strip(",;:'\"") in _STOP_WORDS for w in words if not w.endswith("."))


def _is_sentence(text: str) -> bool:
    """Prose, not names: a lowercase stop word, a question, or a full stop and more words."""
    outside, _ = _brackets(_plain(text))
    if any(c in outside for c in "?!"):
        return True
    tokens = outside.split()
    if _prose(tokens):
        return True
    for word, following in zip(tokens, tokens[1:], strict=False):
        bare = word.rstrip(".")
        if (
            word.endswith(".")
            and len(bare) > 3
            and bare.isalpha()
            and following[:1].isalpha()
            and strip_honorifics(f"{word} x") != "x"  # "Prof. Ada" is a name
        ):
            return True
    return False


def _trim(name: str) -> str:
    """Punctuation off a name's ends; an initial keeps its dot ('Jane D.')."""
    while True:
        bare = name.strip(" ,;:*†‡'\"`" + _DASHES)
        if bare.endswith(".") and not (len(bare) > 2 and bare[-3] in " ." and bare[-2].isalpha()):
            bare = bare[:-1]
        if bare == name:
            return name
        name = bare


def _name_ok(name: str) -> bool:
    words = name.split()
    if not words or len(words) > _MAX_WORDS or len(name) > _MAX_NAME:
        return False
    if not any(c.isalpha() for c in name) or any(c in name for c in "()[]<>{}@|:/\\=#"):
        return False
    lowered = [w.lower().strip(".,'’") for w in words]
    if " ".join(lowered) in _NOTHING or _prose(words):
        return False
    if any(w in _GROUP_WORDS for w in lowered):
        return False
    if len(words) > 1:
        if any(w in _NOT_NAMES for w in lowered) or any(w[0] in "'’" for w in words):
            return False
        # names are written in lowercase too ("mike neuder", "Tim beiko"), but not three words
        lower = [w for w in words if w[0].islower() and w.lower() not in _PARTICLES]
        if len(lower) == len(words) > 2:
            return False
    return True


def parse_person(text: str) -> Attendee | None:
    """One entry of an attendance list as a person; None when it is not a name.

    "Joe Sepi (@joesepi)", "Jane Doe (CERN)", "Jane Doe [INFN]", "Jane Doe - CNRS",
    "Jane Doe <jane@x.org>", "Dr. Jane Doe" and "@jdoe" give the name alone; a handle and an
    affiliation (in brackets or after a dash) are kept beside it, e-mail addresses and initials
    ("Chris Williams (CW)") are dropped.
    """
    plain = _plain(text)
    if not plain or len(plain) > 4 * _MAX_NAME:
        return None
    outside, inside = _brackets(plain)
    outside, dashed = _cut_dash(outside)
    handle: str | None = None
    words: list[str] = []
    for word in outside.split():
        bare = word.strip(".,;:*'\"`")
        if bare.startswith("@") and len(bare) > 1:
            handle = handle or _handle(bare)
        elif "@" not in word:  # an e-mail address is no part of a name
            words.append(word)
    name = _trim(strip_honorifics(" ".join(words)))
    if not name and handle:
        name = handle
    affiliation: str | None = None
    role: str | None = None
    for part in [*inside, *(dashed or "").split(",", 1)]:
        held = " ".join(_plain(part).strip(" ,;").split())
        if held.startswith("@"):
            handle = handle or _handle(held.split()[0])
        elif not held or "@" in held or "://" in held or _initials(held, name):
            continue
        elif held.lower() in _ROLES or held.split()[0].lower() in _ROLES:
            role = role or held
        elif any(w.lower().strip(".,") in _PRESENCE_NOTES for w in held.split()):
            continue
        elif affiliation is None and len(held) <= _MAX_AFFILIATION and not _prose(held.split()):
            affiliation = held
    if not _name_ok(name):
        return None
    return Attendee(" ".join(name.split()), affiliation, handle, role)


def _organisation(text: str) -> str | None:
    """The text as an organisation ("Linux Foundation", "Sony Pictures Imageworks Inc.") when it
    names one by a word such as Foundation, Inc., University; else None."""
    plain = " ".join(_plain(text).split())
    words = plain.split()
    if not words or len(words) > 8 or len(plain) > _MAX_AFFILIATION or _prose(words):
        return None
    if any(w.lower().strip(".,") in _GROUP_WORDS for w in words) and "@" not in plain:
        return plain
    return None


# --- lines and blocks --------------------------------------------------------------------------


@dataclass
class _Found:
    """What one attendance block gave: people by field, and whether all of it was attendance."""

    entries: list[tuple[Kind, Attendee]] = field(default_factory=list)
    clean: bool = True
    items: int = 0  # entries read, names or not

    def merge(self, other: _Found) -> None:
        self.entries += other.entries
        self.items += other.items
        self.clean = self.clean and other.clean

    def person(self, kind: Kind, text: str) -> None:
        self.items += 1
        if _is_nothing(text) or text.lstrip("*_ \t").startswith(_STRUCK):
            return  # nobody, or struck through: not there
        person = parse_person(text)
        if person is None:
            self.clean = False
        else:
            self.entries.append((kind, person))

    def names(self, kind: Kind, text: str, *, one: bool = False) -> None:
        """Read a text of names ("A, B and C; CERN: D"); `one`: it names a single person."""
        text = text.strip()
        if not text:
            return
        task = _TASK_RE.match(_plain(text) + " ")
        if task is not None:
            if task.group(1) == " ":  # an unticked box: not there
                self.items += 1
                return
            text = (_plain(text) + " ")[task.end() :]
        text = _strike_out(text)
        if _is_sentence(text):
            self.items += 1
            self.clean = False
            return
        if one:
            self.person(kind, text)
            return
        for chunk in _split(text, ";"):
            group = _group(chunk)
            after_person = False
            for part in split_people(group[1] if group else chunk):
                organisation = _organisation(part) if after_person else None
                if organisation is not None:  # "Cary Phillips, OpenEXR Representative"
                    kind_, person = self.entries[-1]
                    if person.affiliation is None:
                        self.entries[-1] = (kind_, replace(person, affiliation=organisation))
                    after_person = False
                    continue
                count = len(self.entries)
                self.person(kind, part)
                after_person = len(self.entries) > count


def _strike_out(text: str) -> str:
    """Each struck-through span (`~~B, C~~`, closed) as `_STRUCK`: "A, ~~B~~, C" -> "A, ~~~~, C",
    "~~Jane Doe~~ (CERN)" -> "~~~~ (CERN)"; an entry that starts with it names no one present."""
    pieces = text.split("~~")
    if len(pieces) < 3:
        return text
    last = len(pieces) - 1  # a "~~" that no other closes is text: it stays with what follows
    return "".join(
        p if k % 2 == 0 else _STRUCK if k < last else "~~" + p for k, p in enumerate(pieces)
    )


def _group(text: str) -> tuple[str, str] | None:
    """'CERN: A, B' -> ('CERN', 'A, B'): a short group name (institute, team) before a colon."""
    head, colon, tail = _unlinked(text).partition(":")
    head = head.strip(" *_")
    if not colon or not head or tail.startswith("//") or len(head.split()) > 5 or len(head) > 60:
        return None
    return head, tail.strip(" *_")


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading, its section number ('2.', 'II.') left out."""
    m = HEADING_RE.match(line)
    if m is None:
        return None
    text = heading_text(line[m.end() :])
    number = _SECTION_NUMBER_RE.match(text)
    return len(m.group(1)), text[number.end() :] if number else text


def _item(line: str) -> tuple[int, str] | None:
    """(indent, text) of a list item line."""
    m = _ITEM_RE.match(line)
    return None if m is None else (_indent(line), line[m.end() :])


def _is_row(line: str) -> bool:
    s = line.strip()
    return len(s) > 1 and s.startswith("|") and s.endswith("|")


def _is_paragraph(line: str) -> bool:
    """A paragraph line: not blank, not a heading, a list item or a table row."""
    return bool(line.strip()) and not (_heading(line) or _item(line) or _is_row(line))


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip()[1:-1].split("|")]


@dataclass
class _Node:
    text: str
    extra: list[str] = field(default_factory=list)  # continuation lines
    children: list[_Node] = field(default_factory=list)


def _tree(lines: list[str]) -> list[_Node]:
    """The list items of a list block as a tree; a line that is no item continues the last."""
    roots: list[_Node] = []
    stack: list[tuple[int, _Node]] = []
    for line in lines:
        item = _item(line) if line.strip() else None
        if item is None:
            if not line.strip():
                continue
            if stack:
                stack[-1][1].extra.append(line.strip())
            else:
                roots.append(_Node(line.strip()))
            continue
        indent, text = item
        node = _Node(text.strip())
        while stack and stack[-1][0] >= indent:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((indent, node))
    return roots


@dataclass
class _Siblings:
    """The items of one level of a list being read, and where the reading is."""

    nodes: list[_Node]
    kind: Kind
    pairs: bool = field(init=False)
    next: int = 0

    def __post_init__(self) -> None:
        leaves = [
            n.text
            for n in self.nodes
            if not n.children and read_label(n.text) is None and _group(n.text) is None
        ]
        # "Name, Affiliation" on most items of a list: one person per item, not two
        commas = sum("," in _brackets(text)[0] for text in leaves)
        self.pairs = commas > 1 and 2 * commas >= len(leaves)


def _read_nodes(nodes: list[_Node], kind: Kind, found: _Found) -> None:
    """Read the items of a list, in order, each level below an item in the item's field; a
    stack rather than recursion, as lists may nest deeper than Python recurses."""
    stack = [_Siblings(nodes, kind)]
    while stack:
        level = stack[-1]
        if level.next == len(level.nodes):
            stack.pop()
            continue
        node = level.nodes[level.next]
        level.next += 1
        own = level.kind
        label = read_label(node.text)
        group = _group(node.text) if label is None else None
        if label is not None and not label.rest and not node.children and not node.extra:
            level.kind = label.kind  # "- Apologies:" then the names as the next items
            found.items += 1
            continue
        if label is not None:
            own = label.kind
            found.names(own, label.rest)
        elif group is not None:
            found.items += 1
            found.names(own, group[1])
        elif node.children:  # an institute or a team, its people below it
            found.items += 1
        elif level.pairs and "," in node.text:
            name, _, affiliation = node.text.partition(",")
            found.names(own, f"{name} ({affiliation.strip()})", one=True)
        else:
            found.names(own, node.text)
        for line in node.extra:
            found.names(own, line)
        if node.children:
            stack.append(_Siblings(node.children, own))


def _goes_on(line: str, following: str) -> bool:
    """Whether a list of names goes on from `line` to the next line: "A, B," then "C", or
    "B.Bouianov" then "(Espoo-Vantaa), ..."."""
    return line.rstrip(" \t*_").endswith(",") or following.lstrip().startswith(("(", "[", "&"))


def _logical_lines(lines: list[str]) -> list[str]:
    """A paragraph's lines, those that go on with the list of the line before joined to it."""
    out: list[str] = []
    for line in lines:
        if out and _goes_on(out[-1], line) and read_label(line) is None:
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def _read_paragraph(lines: list[str], kind: Kind, found: _Found) -> None:
    for line in _logical_lines(lines):
        text = line.strip()
        label = read_label(text)
        if label is not None:
            if label.rest:
                found.names(label.kind, label.rest)
            else:
                kind = label.kind
                found.items += 1
            continue
        bare = _plain(text)
        words = bare.split()
        if bare.endswith(".") and "," not in bare and len(words[-1].rstrip(".")) > 1:
            found.items += 1  # a line that ends in a full stop is a sentence: "Next item."
            found.clean = False
            continue
        found.names(kind, text)


def _read_table(rows: list[str], kind: Kind | None, found: _Found) -> bool:
    """Read a Markdown table: columns headed by a label ("| Present | Apologies |"), a roll call
    ("| Name | Present |" ticked "x"), or, after a label, a list of people ("| Name |
    Affiliation |"). False when the table is none of these."""
    table = [_cells(r) for r in rows]
    table = [r for r in table if not all(_SEPARATOR_CELL_RE.fullmatch(c) for c in r)]
    if len(table) > 1 and not any(table[0]):
        table = table[1:]  # converted without a header row: the first row names the columns
    if not table:
        return False
    header = [_plain(c).strip(" :").lower() for c in table[0]]
    kinds: dict[int, Kind] = {}
    for i, cell in enumerate(table[0]):
        label = read_label(cell)
        if label is not None and not label.rest:
            kinds[i] = label.kind
    if not kinds and kind is None:
        return False
    aff_col = _column(header, _AFFILIATION_HEADERS)
    handle_col = _column(header, _HANDLE_HEADERS)
    name_col = _column(header, _NAME_HEADERS)
    if name_col is None and not kinds:
        name_col = next((i for i in range(len(header)) if i not in (aff_col, handle_col)), 0)
    used = {*kinds, aff_col, handle_col, name_col}
    one_column = len(kinds) == 1  # of names: the row's affiliation and handle are theirs
    for raw in table[1:]:
        row = raw + [""] * (len(header) - len(raw))
        if any(row[i].strip() for i in range(len(row)) if i not in used):
            found.clean = False  # a column of something else: the table stays in the notes
        beside = _cell(row, aff_col), _cell(row, handle_col)  # written beside the name
        if not kinds:
            assert kind is not None and name_col is not None
            if row[name_col].strip():
                found.names(kind, _entry(row[name_col], *beside))
            continue
        for col, col_kind in kinds.items():
            cell = _plain(row[col]).strip().lower()
            if name_col is None:
                if cell:
                    found.names(col_kind, _entry(row[col], *beside) if one_column else row[col])
            elif cell in _MARKS:
                found.names(col_kind, _entry(row[name_col], *beside), one=True)
            elif cell and cell not in _NOT_MARKS and not _is_nothing(cell):
                found.names(col_kind, row[col])
    return True


def _column(header: list[str], names: frozenset[str]) -> int | None:
    """The first column whose header is one of `names`."""
    return next((i for i, h in enumerate(header) if h in names), None)


def _cell(row: list[str], col: int | None) -> str:
    return row[col].strip() if col is not None else ""


def _entry(name: str, affiliation: str, handle: str) -> str:
    """An entry as a list would write it: the name, '(affiliation)', '(@handle)'."""
    affiliation = f" ({affiliation})" if affiliation else ""
    handle = f" (@{handle.lstrip('@')})" if handle else ""
    return name + affiliation + handle


class _Lines:
    """The lines of the notes, and where their lists, tables and paragraphs end."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def __len__(self) -> int:
        return len(self.lines)

    def blank(self, i: int) -> bool:
        return not self.lines[i].strip()

    def paragraph(self, i: int) -> bool:
        return _is_paragraph(self.lines[i])

    def next_filled(self, i: int) -> int:
        while i < len(self.lines) and self.blank(i):
            i += 1
        return i

    def list_end(self, start: int, base: int, *, across_blanks: bool) -> int:
        """The end of the list whose first item, at indent `base`, is at `start`. A blank line
        ends it unless more of it follows: deeper lines, or (`across_blanks`) further items."""
        i = start + 1
        while i < len(self.lines):
            line = self.lines[i]
            if self.blank(i):
                j = self.next_filled(i)
                if j == len(self.lines):
                    return i
                item = _item(self.lines[j])
                if _indent(self.lines[j]) > base or (across_blanks and item and item[0] >= base):
                    i = j
                    continue
                return i
            item = _item(line)
            if (item is not None and item[0] >= base) or (
                item is None and _indent(line) > base and _heading(line) is None
            ):
                i += 1
            else:
                return i
        return i

    def children_end(self, start: int, base: int) -> int:
        """The end of the lines indented deeper than the item at `start`."""
        end = i = start + 1
        while i < len(self.lines):
            if not self.blank(i):
                if _indent(self.lines[i]) <= base:
                    break
                end = i + 1
            i += 1
        return end

    def siblings_end(self, start: int, base: int) -> int:
        """The end of the items after the one at `start` (at indent `base`) that name people:
        up to a blank line, the end of the list, or an item such as "**Agenda:** ..."."""
        i = self.next_filled(start + 1)
        end = start + 1
        while i < len(self.lines) and not self.blank(i):
            item = _item(self.lines[i])
            if item is None and _indent(self.lines[i]) <= base:
                break
            stops = item is not None and (_group(item[1]) is not None or read_label(item[1]))
            if item is not None and (item[0] < base or (item[0] == base and stops)):
                break
            i += 1
            end = i
        return end

    def run_end(self, start: int, test: Callable[[str], bool]) -> int:
        """The end of the lines from `start` on that pass `test`: a table's rows, a paragraph."""
        i = start
        while i < len(self.lines) and test(self.lines[i]):
            i += 1
        return i


def _block_after(lines: _Lines, start: int, kind: Kind, found: _Found, level: int | None) -> int:
    """Read the names after a label that stands alone; returns where they end. Under a heading
    (`level`), read on over lists, deeper headings and paragraphs of names."""
    end = start
    while True:
        i = lines.next_filled(end)
        if i == len(lines):
            return end
        line = lines.lines[i]
        heading = _heading(line)
        part = _Found()
        if heading is not None:
            if level is None or heading[0] <= level:
                return end
            label = read_label(heading[1])
            if label is not None and not label.rest:
                kind = label.kind
            elif label is not None:
                part.names(label.kind, label.rest)
            part.items += 1  # a deeper heading: an institute or a team
            stop = i + 1
        elif (item := _item(line)) is not None:
            stop = lines.list_end(i, item[0], across_blanks=level is not None)
            _read_nodes(_tree(lines.lines[i:stop]), kind, part)
        elif _is_row(line):
            stop = lines.run_end(i, _is_row)
            _read_table(lines.lines[i:stop], kind, part)
        else:
            stop = lines.run_end(i, _is_paragraph)
            if end > start and not _caption(lines.lines[i:stop]):
                return end  # a paragraph after the names: the block ended before it
            _read_paragraph(lines.lines[i:stop], kind, part)
        found.merge(part)
        end = stop
        if level is None:
            return end


def _caption(lines: list[str]) -> bool:
    """Whether a paragraph only announces what follows: 'TSC voting members:', 'Apologies:'."""
    return all(
        line.strip().rstrip("*_ ").endswith((":", "：")) and len(line.split()) <= _MAX_WORDS
        for line in lines
    )


def _inline(lines: _Lines, start: int, rest: str, kind: Kind, found: _Found) -> int:
    """Read 'Present: A, B,' and the lines that go on with the list; returns where they end."""
    texts = [rest]
    i = start + 1
    while i < len(lines) and lines.paragraph(i) and _goes_on(texts[-1], lines.lines[i]):
        if read_label(lines.lines[i]) is not None:
            break
        texts.append(lines.lines[i].strip())
        i += 1
    found.names(kind, " ".join(t.strip() for t in texts))
    return i


def _block_at(lines: _Lines, i: int) -> tuple[int, _Found] | None:
    """The attendance block that starts at line `i`: (where it ends, what it gave), or None."""
    line = lines.lines[i]
    found = _Found()
    if _is_row(line):
        if i and _is_row(lines.lines[i - 1]):
            return None  # inside a table that is not attendance
        end = lines.run_end(i, _is_row)
        return (end, found) if _read_table(lines.lines[i:end], None, found) else None
    item = _item(line)
    if item is not None:
        label = read_label(item[1])
        if label is None:
            return None
        end = lines.children_end(i, item[0])
        if label.rest:  # "- Attending: A, B" and, below it, what was discussed: names only here
            found.names(label.kind, label.rest)
            found.clean = found.clean and end == i + 1
            return end, found
        if end == i + 1:  # "- Attendees:" then the names as the next items of the list
            end = lines.siblings_end(i, item[0])
            if end == i + 1:
                return None
        _read_nodes(_tree(lines.lines[i + 1 : end]), label.kind, found)
        return end, found
    heading = _heading(line)
    level, text = heading if heading is not None else (None, line)
    label = read_label(text)
    if label is None:
        return None
    if label.rest:
        return _inline(lines, i, label.rest, label.kind, found), found
    if level is None and label.prefixed and not label.colon and not _bold_only(line):
        return None  # "Other attendees" alone on a line is text, not a label
    end = _block_after(lines, i + 1, label.kind, found, level)
    return (end, found) if found.items else None


def take_attendance(markdown: str) -> tuple[Attendance, str]:
    """The people a meeting's notes (Markdown) list as present, excused or chair, and the notes
    without the blocks that were attendance alone (see the module docstring)."""
    found = Attendance()
    lines = _Lines(markdown.replace("\r\n", "\n").split("\n"))
    code = fenced_lines(lines.lines)  # code as the converter reads it: only a closed fence
    kept: list[str] = []
    i = 0
    while i < len(lines):
        block = None if code[i] else _block_at(lines, i)
        if block is None:
            kept.append(lines.lines[i])
            i += 1
            continue
        end, part = block
        for kind, person in part.entries:
            found.add(kind, person)
        if not part.clean:
            kept += lines.lines[i:end]
        i = max(end, i + 1)
    if not found.chair:  # "P. Kalmus (Chairperson)" among those present
        chairs = [p for p in found.present if p.role and p.role.split()[0].lower() in _CHAIR_ROLES]
        found.chair = chairs[:1]
    out: list[str] = []
    for line in kept:  # no run of blank lines where a block was
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return found, "\n".join(out)
