"""The never-publish check: dial-in details and credentials (docs/format.md §8).

The text is read as a reader sees it, not as it is typed: HTML entities are undone, zero-width
characters removed, full-width forms folded (NFKC), accents and Markdown emphasis, code and
escape marks dropped, and HTML tags read both with their attributes and without them. A label
whose value stands on a following line still counts.

The rules are written from the invitations Zoom, Webex, Teams, Vidyo, Jitsi and phone bridges
send, in English, German, French, Italian, Spanish, Portuguese and Dutch (docs/format.md §8.1),
and each is kept narrow enough that what merely resembles it does not count: a label glued to
code (`core::pin::Pin`, `PIN_CODE`, `self.pin`) is an identifier; a PIN, a host key or a
meeting number is a number, not a word, a version or a date; a query parameter such as `id=`
counts only on a video-conference host. Every pattern has bounded quantifiers only and none
crosses a line end, so each line is read in linear time whatever it holds.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator


def _prefixed(prefixes: str, stem: str) -> list[str]:
    return [f"{p} {stem}" for p in prefixes.split()]


def _suffixed(stems: str, suffix: str) -> list[str]:
    return [f"{s}{suffix}" for s in stems.split()]


# The labels of each kind, as regular expressions in lower case, each starting with a letter.
_LABELS: dict[str, list[str]] = {
    # A password: a number, or a password-shaped word, after it is a credential.
    "secret": [
        *_prefixed("participant attendee guest moderator leader host chairperson", "pass ?code"),
        "pass ?code", "pass ?word", "passwd", "pwd", "meeting (?:password|passcode|key)",
        "kenn ?code", "kenn ?wort", "passwort", "meeting-?kennwort",
        "code secret(?: numerique)?", "mot de passe", "code d'acces", "code confidentiel",
        "codice (?:di )?accesso", "contrasena", "codigo(?: de acceso| secreto)?", "clave",
        "senha", "codigo de acesso", "wachtwoord", "toegangs ?code",
    ],
    # A number to key in (a PIN, a host key, an access code): only a number counts.
    "pin": [
        *_prefixed(
            "moderator room meeting participant attendee leader chairperson host guest "
            "conference audio organizer", "pin(?: ?code)?"),
        "pin(?: ?code)?", "host ?key", "access ?code", "conference code", "participant code",
        "numeric password", "zugangs ?code", "zugriffs ?code", "codice pin",
    ],
    # A meeting number.
    "number": [
        *_prefixed("zoom webex teams webinar conference", "meeting ?(?:id|number)"),
        "phone conference meeting ?(?:id|number)", "meeting ?(?:id|number)",
        *_suffixed("zoom webex teams vidyo skype bluejeans jitsi", " ?id"),
        "webinar ?id", "video conference ?id", "phone conference ?id", "conference ?id",
        "participant ?id", "attendee ?id", "meeting-?(?:id|kennnummer|nummer)",
        "konferenz-?(?:id|kennung)", "besprechungs-?id", "teilnehmer-?id",
        "id (?:de |da )?(?:la )?(?:reunion|conference|riunione|reuniao|vergadering)",
        r"id\. de reunion", "numero (?:de |di )?(?:la )?(?:reunion|riunione|conference)",
        "vergader(?:ing)?-?id", "meeting extension", "extension",
    ],
    # A telephone number to dial.
    "dial": [
        "dial(?:-? ?in)?(?: numbers?)?", "call-? ?in(?: numbers?)?",
        "toll-? ?free(?: numbers?)?", "telephone(?: numbers?)?", "phone(?: numbers?)?",
    ],
    # "ID: 987 6543 2101", "Code: 4471#": counts only in those shapes.
    "bare": ["id", "code"],
}
_KINDS = [(kind, re.compile("|".join(f"(?:{f})" for f in fs))) for kind, fs in _LABELS.items()]


def _label_pattern() -> str:
    """All labels in one pattern: a label starts a word of prose, not a piece of code glued to
    an identifier (`PIN_CODE`, `self.pin`, `core::pin::Pin`; `_` is kept inside words by
    reader_view), and no identifier goes on after it (`Pin<T>`, `pin!(x)`, `Pin::new`).

    The labels are grouped by their first letter: the regex engine then tries a group, not
    every label, where a word starts (twice as fast as the labels one by one).
    """
    by_letter: dict[str, list[str]] = {}
    for fragments in _LABELS.values():  # in the order of the kinds: the first that matches wins
        for f in fragments:
            assert f[0].isalpha(), f
            by_letter.setdefault(f[0], []).append(f[1:])
    groups = "|".join(f"{c}(?:{'|'.join(rests)})" for c, rests in by_letter.items())
    return (
        rf"(?<![a-z0-9_])(?<!::)(?<![a-z0-9]\.)(?:{groups})"
        r"(?![a-z0-9_])(?!::|[(<!\[]|\.[a-z0-9])"
    )


_LABEL = re.compile("(?i)" + _label_pattern())
# _LABEL on a reading in lower case (_lower): the same matches at the same places, found 2.5
# times faster. No character of a reading lower-cases to more than one (U+0130, the only one
# that does, is folded to I by reader_view).
_LABEL_LOWER = re.compile(_label_pattern())


def _lower(text: str) -> str:
    """A reading in lower case, its dotless i made the i that (?i) matches it with."""
    return text.lower().replace("ı", "i")


def _kind(label: str) -> str:
    """The kind of a label _LABEL found."""
    text = _lower(label)
    return next((kind for kind, rx in _KINDS if rx.fullmatch(text)), "bare")


# After a label: an optional parenthesised remark, then a separator (':', '=', '#', '|', a
# dash, 'is'), as "Meeting number (access code): 2733 123 4567" or "| PIN | 4471 |" write it.
_AFTER = re.compile(
    r"(?i)[\s\])\"'»]{0,4}(?:\([^()\n]{0,40}\)[\s]{0,4})?(?P<sep>[:=|]|#(?!\d)|[-–—](?=\s)|"
    r"\bis\b|\bist\b|\best\b)?[\s\"'«]{0,6}"
)
# What may make a link or an address a credential, looked for first (the detail is read by
# _link_secret): a query naming a password, a PIN, a token or an id; an address at a
# video-conference host (`98765432101@zoomcrc.com`); an H.323 address with its extension
# (`137.138.0.1##10501234`).
_URL_SECRET = re.compile(
    r"(?i)[?&;@#](?:(?<=[?&;])(?:pwd|pass|passwd|password|passcode|pin|tk|id)=[^&\s\"'<>]"
    r"|(?<=@)(?=[a-z0-9.\-]{0,60}(?:zoom|webex|lync|plcm|bjn|vidyo|bluejeans|teams|jit))"
    r"|(?<=#)#\d{4})"
)
# Each pattern starts with a literal and checks what comes before it behind that literal (the
# same match): the regex engine then skips ahead to the literal instead of trying a
# look-behind at every position, which made these five patterns the bulk of reading a record.
# +41 43 210 71 08, +41432107108,,95429556769#, tel:+33...: at least 8 digits after a plus.
_PLUS_PHONE = re.compile(r"\+(?<![\w+]\+)[ ]?\(?\d[\d \-.()/]{6,24}\d")
# 0041 43 210 71 08: an international prefix 00 and at least 10 digits.
_INTL_PHONE = re.compile(r"00(?<![\w.\-/:]00)[1-9][\d \-()/]{6,24}\d")
# 043 210 71 08: a national number in groups (no dots or slashes: those are dates).
_NATIONAL_PHONE = re.compile(r"0(?<![\w.\-/:+]0)\d{1,4}(?:[ \-]\d{2,4}){2,4}(?![\w:.\-/])")
# A dial string: a number, two commas (pauses) and a meeting number. Looked for first; what
# counts is _DIAL_STRING_OF (a CSV row with an empty field is not one).
_DIAL_STRING = re.compile(r",,(?:(?<=\d{6},,)[\d*#]|\d{6,}#)")
_DIAL_STRING_OF = re.compile(r"(?:\+|\btel:[ ]?)\d{6,15},,[\d*#]|(?<![\w.])\d{6,15},,\d{4,15}#")
_TEL = re.compile(r"(?i):(?<=\btel:)[ ]?\+?\d")
_TEL_NUMBER = re.compile(r"(?i)\btel:[ ]?\+?\(?\d[\d \-.()/]{4,24}\d")
_SIP = re.compile(r"(?i)(?<![\w.])\d{7,15}(?:\.[a-z0-9\-]{1,30})?@(?P<host>[a-z0-9.\-]{1,253})")
_H323 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}##\d{4,15}")

# A link: a scheme, `www.`, or a host name followed by a path or a query.
_LINK = re.compile(
    r"(?i)(?:\b[a-z][a-z0-9+.\-]{1,30}://|\bwww\.|(?<![\w.\-@])(?=[a-z0-9\-]{1,63}"
    r"(?:\.[a-z0-9\-]{1,63}){0,8}\.[a-z]{2,24}[/?#]))[^\s<>\"'`|]{1,4000}"
)
_HOST = re.compile(r"(?i)^(?:[a-z][a-z0-9+.\-]{1,30}://)?(?:[^/?#@\s]{0,200}@)?([a-z0-9.\-]{1,253})")
_QUERY = re.compile(r"(?i)[?&;](?P<name>[a-z_]{1,20})=(?P<value>[^&;#\s\"'<>]{0,200})")
# The hosts of video-conference services (also a company's own: cern.zoom.us, vidyoportal.x).
_CONFERENCE_HOST = re.compile(
    r"(?i)(?:^|[.\-])(?:zoom|zoomgov|zoomcrc|webex|vidyo|vidyoportal|vidyocloud|jitsi|jit|"
    r"bluejeans|bjn|gotomeeting|gotomeet|bigbluebutton|bbb|lync|skype|whereby|ringcentral|"
    r"uberconference|plcm|meet)\.|(?:^|\.)(?:teams\.(?:microsoft|live)\.com|chime\.aws|8x8\.vc)$"
)
# Query names that carry a password anywhere, and those that do on a conference host only.
_LINK_PASSWORDS = frozenset({"pwd", "passwd", "password", "passcode"})
_LINK_CONFERENCE = frozenset({"pin", "pass", "tk"})
_NOT_A_VALUE = frozenset({"", "true", "false", "yes", "no", "null", "none", "0", "1", "on", "off"})

_DATE_OR_TIME = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}|\d{4}[./]\d{1,2}[./]\d{1,2}|\d{1,2}[:.h]\d{2}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
# Digits in groups as meeting numbers are written: "987 6543 2101", "123 456 789".
_GROUPED = re.compile(r"\d{2,5}(?: \d{2,5}){2,4}")
# A version ("1.2.3", "v2", "^0.4", ">=1.0"), a commit hash or a hexadecimal number.
_VERSION_OR_HASH = re.compile(
    r"(?i)[v=^~<>]{0,2}\d{1,9}(?:\.[0-9a-z*]{1,9}){1,4}(?:[-+][0-9a-z.\-]{0,40})?"
    r"|[v=^~<>]{1,2}\d{1,9}|0x[0-9a-f]{1,64}|[0-9a-f]{7,64}"
)
# A word (`String`, `OAuth`, `PhantomPinned`), not a generated password (`aBcXyZ`).
_WORDLIKE = re.compile(r"[A-Z]{0,64}[a-z]{0,64}(?:[A-Z][a-z]{2,64}){0,20}s?")

_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u034f]")
# Emphasis, code and escape marks; `_` only where it cannot be inside a word (`PIN_CODE`).
_MARKS_RE = re.compile(r"[*`~\\_](?<!(?<=[^\W_])_(?=[^\W_]))")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
_HTML_ELEMENTS = (
    "a|abbr|address|article|aside|b|bdi|bdo|big|blockquote|body|br|button|caption|center|cite|"
    "code|col|colgroup|dd|del|details|dfn|div|dl|dt|em|font|footer|form|h[1-6]|head|header|hr|"
    "html|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta|nav|ol|option|p|pre|q|s|"
    "samp|section|small|span|strike|strong|sub|summary|sup|table|tbody|td|textarea|tfoot|th|"
    "thead|title|tr|tt|u|ul|var"
)
# An HTML tag or comment (not `Option<String>` nor `Pin<&mut Self>`: those are code).
_TAG = re.compile(rf"(?i)<(?:/?(?:{_HTML_ELEMENTS})(?![\w\-])|!)[^<>\n]{{0,2000}}>")
# Words that stand where a password would, and are none (shorter ones never count).
_STOPWORDS = frozenset({
    "none", "sent", "below", "above", "required", "empty", "same", "unchanged", "changed",
    "reset", "given", "shared", "mail", "email", "e-mail", "indico", "agenda", "policy",
    "optional", "disabled", "enabled", "hidden", "redacted", "removed", "omitted", "withheld",
    "private", "secret", "unknown", "needed", "protected", "available", "request", "string",
    "bool", "boolean", "integer", "number", "numeric", "text", "bytes", "option", "null",
    "undefined", "true", "false", "follows", "later",
})

MESSAGE_LINK = "a video-conference link with a password"
MESSAGE_LINK_ID = "a video-conference link with a meeting id"
MESSAGE_PHONE = "a telephone dial-in number"
MESSAGE_ADDRESS = "a video-conference dial-in address"


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


def _views(view: str) -> list[str]:
    """A line's reading, and the same without its HTML tags when it has any."""
    if "<" in view:
        return [view, _TAG.sub("", view)]
    return [view]


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _leading_number(text: str, between: str = " -.") -> str:
    """The digits at the start of `text`, with the characters in `between` among them."""
    end = 0
    for i, c in enumerate(text[:60]):
        if c.isdigit():
            end = i + 1
        elif c not in between:
            break
    return text[:end]


def _not_a_code(number: str) -> bool:
    """A version, a decimal, an address, a year range or an ORCID, not a code to key in."""
    if "." in number:
        return True
    if "-" in number and any(_YEAR.fullmatch(g) for g in re.split(r"[ \-]", number)):
        return True
    return _ORCID.match(number) is not None


def _dial_number(value: str) -> bool:
    """Whether `value` starts with a telephone number: ten digits or more, not an address."""
    value = value.lstrip("+(")
    number = _leading_number(value, " -.()/")
    if _digits(number) < 10 or _IP.fullmatch(number.strip()):
        return False
    return not (value[len(number) : len(number) + 1].isalpha() or _DATE_OR_TIME.match(value))


def _password_word(value: str) -> bool:
    """Whether a value with no leading number is a password: a token with a digit, mixed case
    as generated passwords have, or a lone word in lower case ("Passcode: hepix").
    """
    parts = value.split(None, 1)
    if not parts:
        return False
    token = parts[0].rstrip(".,;:)\"'»!?")
    if len(token) < 4 or token.lower() in _STOPWORDS or len(set(token)) == 1:
        return False
    if token[0] in "[<({#" or any(s in token for s in ("::", "(", "<", "{", "[", "/", "=", "\\")):
        return False  # code, a placeholder, a path or a link
    if any(c.isdigit() for c in token):
        return _VERSION_OR_HASH.fullmatch(token) is None
    mixed = any(c.islower() for c in token) and any(c.isupper() for c in token)
    if mixed and _WORDLIKE.fullmatch(token[:256]) is None:
        return True
    return token.isalpha() and token.islower() and token == value.strip().rstrip(".")


def _value_is_secret(kind: str, has_sep: bool, value: str) -> bool:
    """Whether what follows a label is a credential (and not prose, a date or a version)."""
    if kind == "dial":
        return _dial_number(value)
    value = value.lstrip(" \t\"'«([")
    if not value or _DATE_OR_TIME.match(value):
        return False
    number = _leading_number(value)
    digits = _digits(number)
    after = value[len(number) : len(number) + 1]
    if digits and not (after.isalpha() or after == "_"):  # "4Xy9Qz", "2FA": a word
        if _not_a_code(number):
            return False
        # '#' ends a number keyed in ("PIN: 4471#"); "#c5" after it is a link's anchor
        keyed = after == "#" and not value[len(number) + 1 : len(number) + 2].isalnum()
        if kind == "bare":  # "ID: 987 6543 2101"; not "id: 1603737", an exit code, a count
            grouped = digits >= 9 and _GROUPED.fullmatch(number) is not None
            return has_sep and ((keyed and digits >= 4) or grouped)
        if keyed:
            return digits >= 4
        if kind == "number":  # "Meeting ID 987 6543 2101", "Extension: 10501234"
            return digits >= (6 if has_sep else 9)
        return digits >= (4 if has_sep else 6)  # "PIN: 4471", "PIN 590317"; not "pin: 13"
    return kind == "secret" and has_sep and _password_word(value)


def _label_name(match: re.Match[str], view: str) -> str:
    return " ".join(view[match.start() : match.end()].split())


class _Links:
    """The links of a reading, in order, to ask which holds a place (in log time: a line of
    many links and many labels stays linear)."""

    def __init__(self, view: str) -> None:
        self.starts: list[int] = []
        self.spans: list[tuple[int, bool]] = []  # end, whether the host is a conference's
        for m in _LINK.finditer(view):
            host = _HOST.match(m.group())
            self.starts.append(m.start())
            self.spans.append((m.end(), bool(host and _CONFERENCE_HOST.search(host.group(1)))))

    def at(self, pos: int) -> bool | None:
        """None outside every link; inside one, whether its host is a video-conference host."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0 or pos >= self.spans[i][0]:
            return None
        return self.spans[i][1]


def _link_secret(view: str) -> str | None:
    """A link whose query carries a password (or a conference host's PIN, token or meeting
    id), or a SIP or H.323 address made of a meeting number."""
    links = _Links(view)
    for m in _QUERY.finditer(view):
        conference = links.at(m.start()) is True
        name, value = m.group("name").lower(), m.group("value")
        if value.lower() in _NOT_A_VALUE or value.startswith(("/", "%2F", "%2f")):
            continue
        if name in _LINK_PASSWORDS and (conference or len(value) >= 4):
            return MESSAGE_LINK
        if name in _LINK_CONFERENCE and conference:
            return MESSAGE_LINK
        if name == "id" and conference and value.isdigit() and len(value) >= 9:
            return MESSAGE_LINK_ID
    for s in _SIP.finditer(view):
        if _CONFERENCE_HOST.search(s.group("host")):
            return MESSAGE_ADDRESS
    if _H323.search(view):
        return MESSAGE_ADDRESS
    return None


def _phone(view: str) -> bool:
    """Whether a reading holds a telephone number or a dial string."""
    if _DIAL_STRING.search(view) and _DIAL_STRING_OF.search(view):
        return True
    if _TEL.search(view):
        for t in _TEL_NUMBER.finditer(view):
            if _digits(t.group()) >= 6:
                return True
    for rx, least in ((_PLUS_PHONE, 8), (_INTL_PHONE, 10)):
        for p in rx.finditer(view):
            # at most 15 digits after the prefix (E.164), not a stretch of a longer number
            digits = _digits(p.group(0))
            if least <= digits <= least + 7 and not view[p.end() : p.end() + 1].isalnum():
                return True
    for p in _NATIONAL_PHONE.finditer(view):
        number = p.group(0)
        if not 9 <= _digits(number) <= 12:
            continue
        if any(_YEAR.fullmatch(g) for g in re.split(r"[ \-]", number)):
            continue  # a date written with spaces or dashes, "09 06 2021"
        if view[p.end() : p.end() + 1] in (" ", "-") and view[p.end() + 1 : p.end() + 2].isdigit():
            continue  # one stretch of a longer row of numbers: a table or a dump
        return True
    return False


class _Reader:
    """Reads lines in order, remembering a label whose value may follow on a later line."""

    def __init__(self) -> None:
        self.pending: tuple[str, bool, str] | None = None  # kind, separator seen, label

    def line(self, line: str) -> str | None:
        """What the line (as typed) carries, reading it after the lines before it."""
        return self.reading(reader_view(line))

    def reading(self, view: str) -> str | None:
        """What a line's reading (reader_view) carries."""
        views = _views(view)
        found = None
        for v in views:
            found = self._view(v)
            if found:
                break
        if found is None and self.pending is not None and views[-1].strip():
            kind, has_sep, label = self.pending
            start = views[-1].strip().lstrip(">-*+ \t")
            if _value_is_secret(kind, has_sep, start):
                found = _message(kind, label)
        if views[-1].strip():
            self.pending = self._pending_of(views[-1])
        return found

    def _view(self, view: str) -> str | None:
        if _URL_SECRET.search(view):
            found = _link_secret(view)
            if found:
                return found
        links: _Links | None = None
        for m in _LABEL_LOWER.finditer(_lower(view)):
            kind = _kind(m.group())
            after = _AFTER.match(view, m.end())
            assert after is not None  # every part is optional
            rest = view[after.end() : after.end() + 80]
            if not _value_is_secret(kind, after.group("sep") is not None, rest):
                continue
            if links is None:
                links = _Links(view)
            if links.at(m.start()) is not None:
                continue  # a link's query (`?id=`) is read by _link_secret
            return _message(kind, _label_name(m, view))
        if _phone(view):
            return MESSAGE_PHONE
        return None

    @staticmethod
    def _pending_of(view: str) -> tuple[str, bool, str] | None:
        """A label ending the line (with or without its separator) waits for its value."""
        last = None
        # in the last 120 characters, read after what comes before them (`apin:` is no label)
        for m in _LABEL.finditer(view, max(0, len(view) - 120)):
            last = m
        if last is None:
            return None
        after = _AFTER.match(view, last.end())
        assert after is not None
        if view[after.end() :].strip():
            return None
        if _Links(view).at(last.start()) is not None:
            return None  # a link ending in `?id=`
        return (_kind(last.group()), after.group("sep") is not None, _label_name(last, view))


def _message(kind: str, label: str) -> str:
    if kind == "dial":
        return MESSAGE_PHONE
    return f"a dial-in credential ('{label}: ...')"


def find_secrets(line: str) -> str | None:
    """What kind of dial-in detail or credential the line carries, or None."""
    return _Reader().line(line)


def scan_lines(lines: Iterable[str], first_line: int = 1) -> list[tuple[int, str]]:
    """Every (line, what) in `lines` that must never be published, reading each line."""
    reader = _Reader()
    found: list[tuple[int, str]] = []
    for offset, line in enumerate(lines):
        what = reader.line(line)
        if what:
            found.append((first_line + offset, what))
    return found


def scan(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Every (line, what) in `text` that must never be published.

    Finds what scan_lines finds, reading only the lines where a pattern matches (and the line
    a label's value may stand on): the patterns run once over the whole text's reading, whose
    lines are the lines' readings (no pattern crosses a line end, no reading adds one).
    """
    reading = reader_view(text)
    if reading.count("\n") != text.count("\n"):  # an entity for a line end, "&#10;"
        return scan_lines(text.split("\n"), first_line)
    candidates = sorted(_candidate_lines(reading))
    if not candidates:
        return []
    readings = reading.split("\n")
    reader = _Reader()
    found: list[tuple[int, str]] = []
    index, i = 0, -1
    while True:
        if reader.pending is not None:  # the next line that is not blank may hold the value
            i += 1  # (a line blank but for its tags is read: an attribute may hold one)
            while i < len(readings) and not readings[i].strip():
                i += 1
        else:
            index = bisect.bisect_right(candidates, i, index)
            if index == len(candidates):
                break
            i = candidates[index]
        if i >= len(readings):
            break
        what = reader.reading(readings[i])
        if what:
            found.append((first_line + i, what))
    return found


def _matches(view: str) -> Iterator[re.Match[str]]:
    """The matches, in a reading, of the patterns that make a line worth reading, each
    pattern's in turn (the labels' on the reading in lower case, at the same places)."""
    for rx in _ANY:
        yield from rx.finditer(view)
    yield from _LABEL_LOWER.finditer(_lower(view))


def _candidate_lines(reading: str) -> set[int]:
    """The lines of a text's reading where some pattern of a line's reading matches."""
    starts = [m.start() for m in _matches(reading)]
    tags = [m.start() for m in _TAG.finditer(reading)] if "<" in reading else []
    if not starts and not tags:  # most texts: their line ends are never needed
        return set()
    ends = _line_ends(reading)
    lines = {bisect.bisect_left(ends, start) for start in starts}
    if tags:  # the readings without tags, of the lines that have one
        tagged = sorted({bisect.bisect_left(ends, start) for start in tags})
        readings = reading.split("\n")
        untagged = "\n".join(_TAG.sub("", readings[i]) for i in tagged)
        within = _line_ends(untagged)
        lines.update(tagged[bisect.bisect_left(within, m.start())] for m in _matches(untagged))
    return lines


def _line_ends(text: str) -> list[int]:
    return [m.start() for m in _LINE_END.finditer(text)]


_LINE_END = re.compile("\n")
_ANY = (_URL_SECRET, _DIAL_STRING, _TEL, _PLUS_PHONE, _INTL_PHONE, _NATIONAL_PHONE)


def may_hold_secrets(text: str) -> bool:
    """Whether any pattern of a line's reading matches the whole text's reading.

    The reading is made character by character and no pattern crosses a line end, so each
    line's reading is the matching piece of the whole text's: a text where no pattern
    matches has no line with a secret. The common case is then a few passes over the text
    in C, not a pass of every pattern over every line.
    """
    return any(next(_matches(view), None) is not None for view in _views(reader_view(text)))


def value_text(value: str) -> str:
    """A front-matter or registry value read as one text: its folded lines joined."""
    return " ".join(value.split("\n"))


def scan_value(value: str) -> str | None:
    """What a front-matter or registry value carries, read as one text (folded lines joined)."""
    found = scan(value_text(value))
    return found[0][1] if found else None
