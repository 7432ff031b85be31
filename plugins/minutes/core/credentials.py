"""The never-publish check: dial-in details and credentials (docs/format.md §8).

The text is read as a reader sees it, not as it is typed: HTML entities are undone, zero-width
characters removed, full-width forms folded (NFKC), accents and Markdown emphasis, code and
escape marks dropped, and HTML tags read both with their attributes and without them. A label
whose value stands on a following line still counts.

The labels and value shapes come from the invitations Zoom, Webex, Teams and Vidyo send, in
English, German, French, Italian, Spanish, Portuguese and Dutch. Every pattern has bounded
quantifiers only, so each line is read in linear time whatever it holds.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable

# Labels that name a secret outright: a value after them is a credential.
_SECRET_LABELS = r"""
    pass\ ?code|pass\ ?word|passwd|pwd|pin(?:\ ?code)?|access\ ?code|host\ ?key|
    numeric\ password|meeting\ (?:password|passcode|key)|moderator\ pin|room\ pin|
    kenn\ ?code|kenn\ ?wort|passwort|zugangs\ ?code|zugriffs\ ?code|meeting-?kennwort|
    code\ secret(?:\ numerique)?|mot\ de\ passe|code\ d'acces|code\ confidentiel|
    codice\ (?:di\ )?accesso|codice\ pin|contrasena|codigo(?:\ de\ acceso|\ secreto)?|clave|
    senha|codigo\ de\ acesso|wachtwoord|toegangs\ ?code
"""
# Labels that name a meeting number: a value with enough digits after them is a credential.
_NUMBER_LABELS = r"""
    (?:zoom\ |webex\ |teams\ |webinar\ |conference\ |phone\ conference\ )?meeting\ ?(?:id|number)|
    webinar\ ?id|conference\ ?id|participant\ ?(?:id|code)|attendee\ ?id|
    meeting-?(?:id|kennnummer|nummer)|konferenz-?(?:id|kennung)|besprechungs-?id|teilnehmer-?id|
    id\ (?:de\ )?(?:la\ )?(?:reunion|conference|riunione|reuniao|vergadering)|
    id\.\ de\ reunion|numero\ (?:de\ |di\ )?(?:la\ )?(?:reunion|riunione|conference)|
    vergader(?:ing)?-?id|extension|meeting\ extension
"""
_LABEL = re.compile(
    rf"(?ix)(?<![a-z0-9])(?:(?P<secret>{_SECRET_LABELS})|(?P<number>{_NUMBER_LABELS})"
    r"|(?P<bare>id|code))(?![a-z0-9])"
)
# After a label: an optional parenthesised remark, then a separator (':', '=', '#', 'is').
_AFTER = re.compile(
    r"(?i)[\s\])\"'»]{0,4}(?:\([^()\n]{0,40}\)[\s]{0,4})?(?P<sep>[:=]|#(?!\d)|\bis\b|\bist\b|"
    r"\best\b)?[\s\"'«]{0,6}"
)
# A password carried in a link's query: ?pwd=..., &passcode=..., also without a scheme.
_URL_SECRET = re.compile(r"(?i)[?&;](?:pwd|pass|password|passcode|pin|tk)=[^&\s\"'<>]")
# Each pattern starts with a literal and checks what comes before it behind that literal (the
# same match): the regex engine then skips ahead to the literal instead of trying a
# look-behind at every position, which made these five patterns the bulk of reading a record.
# +41 43 210 71 08, +41432107108,,95429556769#, tel:+33...: at least 8 digits after a plus.
_PLUS_PHONE = re.compile(r"\+(?<![\w+]\+)[ ]?\(?\d[\d \-.()/]{6,24}\d")
# 0041 43 210 71 08: an international prefix 00 and at least 10 digits.
_INTL_PHONE = re.compile(r"00(?<![\w.\-/:]00)[1-9][\d \-()/]{6,24}\d")
# 043 210 71 08: a national number in groups (no dots or slashes: those are dates).
_NATIONAL_PHONE = re.compile(r"0(?<![\w.\-/:+]0)\d{1,4}(?:[ \-]\d{2,4}){2,4}(?![\w:.\-/])")
# A dial string: a number, two commas (pauses) and a meeting number.
_DIAL_STRING = re.compile(r",,(?:(?<=\d{6},,)[\d*#]|\d{6,}#)")
_TEL = re.compile(r"(?i):(?<=\btel:)[ ]?\+?\d")
_DATE_OR_TIME = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[:.h]\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u034f]")
_MARKS_RE = re.compile(r"[*`_~\\]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
_TAG = re.compile(r"<[^<>\n]{0,2000}>")
_STOPWORDS = {
    "none",
    "n/a",
    "na",
    "tbd",
    "tba",
    "see",
    "sent",
    "below",
    "above",
    "required",
    "empty",
    "same",
    "unchanged",
    "changed",
    "reset",
    "given",
    "shared",
    "mail",
    "email",
    "e-mail",
    "indico",
    "agenda",
    "policy",
    "the",
    "a",
    "an",
    "in",
    "on",
    "by",
    "not",
    "no",
    "yes",
}

MESSAGE_LINK = "a video-conference link with a password"
MESSAGE_PHONE = "a telephone dial-in number"


def reader_view(line: str) -> str:
    """A line as a reader sees it: entities undone, invisible and emphasis marks dropped."""
    text = html.unescape(line) if "&" in line else line
    text = _ZERO_WIDTH_RE.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        marks = _combining_marks()
        # Marks are never ASCII: only the runs of other characters are searched for them.
        text = _NON_ASCII_RE.sub(
            lambda m: marks.sub("", m.group()), unicodedata.normalize("NFKD", text)
        )
    return _MARKS_RE.sub("", text)


@functools.lru_cache(maxsize=1)
def _combining_marks() -> re.Pattern[str]:
    """Every combining mark (accents), to drop: one character class, made once."""
    marks = [cp for cp in range(0x110000) if unicodedata.combining(chr(cp))]
    ranges: list[tuple[int, int]] = []
    for cp in marks:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


def _views(line: str) -> list[str]:
    view = reader_view(line)
    if "<" in view:
        return [view, _TAG.sub("", view)]
    return [view]


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _leading_number(text: str) -> str:
    """The digits at the start of `text`, with the spaces, dashes and dots between groups."""
    end = 0
    for i, c in enumerate(text[:60]):
        if c.isdigit():
            end = i + 1
        elif c not in " -.":
            break
    return text[:end]


def _value_is_secret(kind: str, has_sep: bool, value: str) -> bool:
    """Whether what follows a label is a credential (and not prose, a date or a time)."""
    value = value.lstrip(" \t\"'«([")
    if not value or _DATE_OR_TIME.match(value):
        return False
    number = _leading_number(value)
    digits = _digits(number)
    after = value[len(number) : len(number) + 1]
    if digits:
        if after.isalpha():  # 12 characters, 2FA: a word, not a number
            number, digits = "", 0
        elif kind == "bare":
            return has_sep and digits >= (9 if after != "#" else 4)
        elif after == "#":
            return digits >= 4
        elif has_sep:  # "Passcode: 1" alone counts; "Password: 12 characters" is prose
            rest = value[len(number) :].strip().rstrip(".,;)\"'»")
            return digits >= 4 or not rest
        else:  # no colon: only a long number ("Meeting ID 987 6543 2101", "PIN 590317")
            return digits >= (9 if kind == "number" else 6)
    if not has_sep or kind != "secret":
        return False
    token = value.split(None, 1)[0].rstrip(".,;:)\"'»!?") if value.split() else ""
    if len(token) < 4 or token.lower() in _STOPWORDS:
        return False
    if any(c.isdigit() for c in token) or any(c.isupper() for c in token[1:]):
        return True
    return token == value.strip().rstrip(".,;:)\"'»!?")  # the only thing after the label


def _label_name(match: re.Match[str]) -> str:
    return " ".join(match.group(0).split())


class _Reader:
    """Reads lines in order, remembering a label whose value may follow on a later line."""

    def __init__(self) -> None:
        self.pending: tuple[str, bool, str] | None = None  # kind, separator seen, label

    def line(self, line: str) -> str | None:
        views = _views(line)
        found = None
        for view in views:
            found = self._view(view)
            if found:
                break
        if found is None and self.pending is not None and views[-1].strip():
            kind, has_sep, label = self.pending
            start = views[-1].strip().lstrip(">-*+ \t")
            if _value_is_secret(kind, has_sep, start):
                found = f"a dial-in credential ('{label}: ...')"
        if views[-1].strip():
            self.pending = self._pending_of(views[-1])
        return found

    def _view(self, view: str) -> str | None:
        if _URL_SECRET.search(view):
            return MESSAGE_LINK
        for m in _LABEL.finditer(view):
            kind = m.lastgroup or "bare"
            after = _AFTER.match(view, m.end())
            assert after is not None  # every part is optional
            rest = view[after.end() : after.end() + 80]
            if _value_is_secret(kind, after.group("sep") is not None, rest):
                return f"a dial-in credential ('{_label_name(m)}: ...')"
        if _DIAL_STRING.search(view) or _TEL.search(view):
            return MESSAGE_PHONE
        for rx, least in ((_PLUS_PHONE, 8), (_INTL_PHONE, 10)):
            for p in rx.finditer(view):
                if _digits(p.group(0)) >= least:
                    return MESSAGE_PHONE
        for p in _NATIONAL_PHONE.finditer(view):
            number = p.group(0)
            if 9 <= _digits(number) <= 12 and not ("-" in number and _YEAR.search(number)):
                return MESSAGE_PHONE
        return None

    @staticmethod
    def _pending_of(view: str) -> tuple[str, bool, str] | None:
        """A label ending the line (with or without its separator) waits for its value."""
        last = None
        for m in _LABEL.finditer(view[-120:]):
            last = m
        if last is None:
            return None
        tail = view[-120:]
        after = _AFTER.match(tail, last.end())
        assert after is not None
        if tail[after.end() :].strip():
            return None
        return (last.lastgroup or "bare", after.group("sep") is not None, _label_name(last))


def find_secrets(line: str) -> str | None:
    """What kind of dial-in detail or credential the line carries, or None."""
    return _Reader().line(line)


def scan_lines(lines: Iterable[str], first_line: int = 1) -> list[tuple[int, str]]:
    """Every (line, what) in `lines` that must never be published."""
    reader = _Reader()
    found: list[tuple[int, str]] = []
    for offset, line in enumerate(lines):
        what = reader.line(line)
        if what:
            found.append((first_line + offset, what))
    return found


def scan(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Every (line, what) in `text` that must never be published."""
    if not may_hold_secrets(text):
        return []
    return scan_lines(text.split("\n"), first_line)


_ANY = (_URL_SECRET, _DIAL_STRING, _TEL, _PLUS_PHONE, _INTL_PHONE, _NATIONAL_PHONE)
# _LABEL on a lower-cased reading: the same matches (after reader_view, only the dotless i
# lower-cases to a letter that (?i) would match otherwise), found 2.5 times faster.
_LABEL_LOWER = re.compile(_LABEL.pattern.replace("(?ix)", "(?x)", 1))


def may_hold_secrets(text: str) -> bool:
    """Whether any pattern of a line's reading matches the whole text's reading.

    The reading is made character by character and no pattern crosses a line end, so each
    line's reading is the matching piece of the whole text's: a text where no pattern
    matches has no line with a secret. The common case is then a few passes over the text
    in C, not a pass of every pattern over every line.
    """
    view = reader_view(text)
    views = [view, _TAG.sub("", view)] if "<" in view else [view]
    return any(rx.search(v) for v in views for rx in _ANY) or any(
        _LABEL_LOWER.search(v.lower().replace("ı", "i")) for v in views
    )


def value_text(value: str) -> str:
    """A front-matter or registry value read as one text: its folded lines joined."""
    return " ".join(value.split("\n"))


def scan_value(value: str) -> str | None:
    """What a front-matter or registry value carries, read as one text (folded lines joined)."""
    found = scan(value_text(value))
    return found[0][1] if found else None
