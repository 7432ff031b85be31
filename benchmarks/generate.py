"""Deterministic synthetic archives for the benchmark, and their vanilla MkDocs baseline.

`synthesize(n)` makes, from a seeded `random.Random`, an archive of `n` meeting records in the
archive format (docs/format.md): five series (a weekly technical coordination meeting,
a bi-weekly data-lake meeting, a monthly board, a weekly developers' meeting, a bi-weekly sprint
review) meeting up to END_DATE, as many years back as `n` needs; ~300 people with affiliations,
some with aliases; 20 groups (work packages, infrastructures, a board) with aliases; series
with chairs, standing groups and members. Each record has a body of about 3.5 KB: time-slotted
agenda items with `Speaker:` lines, a round table of group sections, bullet lists, action items
with owners and due dates, follow-ups of earlier actions of its series, decisions. A few
records are `visibility: internal`. With `register=True` (as `make bench` builds it) the
archive also has a register (meetings/register.yml, docs/format.md §3.4) of REGISTER_ITEMS
deliverables, milestones and risks across the work packages, and the records mention them: a
few items often, most rarely (the bodies are otherwise the same, their mentions drawn from a
random stream of their own).

`write_archive` writes it as a minutes site (mkdocs.yml, docs/, meetings/);
`write_vanilla` writes the same published meeting pages as plain Markdown pages of a Material
site without the minutes plugin. Same seed and `n`, same bytes.

    python -m benchmarks.generate 1000 .bench/try      # writes .bench/try/{full,vanilla}
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20210609
END_DATE = dt.date(2025, 12, 31)  # the newest meeting is on or before this day
BUILD_EPOCH = "1767225600"  # 2026-01-01 00:00 UTC: SOURCE_DATE_EPOCH of the benchmark builds
N_PEOPLE = 300
TARGET_BODY_BYTES = 3500
REGISTER_ITEMS = 300  # the register's deliverables, milestones and risks, at every size
REGISTER_START = dt.date(2022, 1, 1)  # the project's month 1; the build date is in month 49

# --------------------------------------------------------------------------------------------
# vocabulary

FIRST_NAMES = [
    "Ian", "Xavier", "Kay", "Mark", "Rosie", "John", "Hugh", "Matthias", "Martino", "Mohammad",
    "Daniele", "Jutta", "Harro", "Stephen", "Nazaret", "Antonella", "Giovanni", "Elena", "Maria",
    "Anna", "Katharina", "Thomas", "Peter", "Laura", "Sofia", "Lucas", "Hannah", "Lars", "Ingrid",
    "Pierre", "Camille", "Julien", "Chiara", "Francesco", "Paola", "Jakob", "Miriam", "Tobias",
    "Aleksandra", "Piotr", "Agnieszka", "Tomasz", "Javier", "Lucía", "Álvaro", "Carmen", "José",
    "Inés", "Rui", "Beatriz", "Sven", "Astrid", "Henrik", "Freja", "Mikko", "Aino", "Dimitris",
    "Eleni", "Nikos", "Zoltán", "Réka", "Ondřej", "Tereza", "Marek", "Iva", "Stefan", "Ana",
    "Bogdan", "Ioana", "Wei", "Yuki", "Priya", "Arjun", "Fatima", "Omar", "Grace", "Samuel",
    "Ruth", "David", "Sarah",
]
LAST_NAMES = [
    "Bird", "Espinal", "Graf", "Allen", "Bolton", "Swinbank", "Dickinson", "Fuessling",
    "Romaniello", "Al-Turany", "Spiga", "Schnabel", "Verkouter", "Serjeant", "Bello González",
    "Bozzi", "Rossi", "Bianchi", "Ferrari", "Esposito", "Müller", "Schmidt", "Schneider",
    "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch", "Richter", "Dubois", "Lefèvre",
    "Moreau", "Laurent", "Girard", "Fontaine", "García", "Martínez", "López", "Sánchez",
    "Pérez", "Gómez", "Jiménez", "Ruiz", "Navarro", "Silva", "Santos", "Ferreira", "Costa",
    "Oliveira", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Andersson",
    "Johansson", "Karlsson", "Nilsson", "Hansen", "Nielsen", "Jensen", "Pedersen", "Virtanen",
    "Korhonen", "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Novák", "Dvořák",
    "Svoboda", "Horváth", "Kovács", "Tóth", "Popescu", "Ionescu", "Papadopoulos", "Georgiou",
    "Petrov", "Ivanova", "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas",
    "Roberts", "Walker", "Wright", "Green", "Hall", "Clarke", "O'Neill", "Murphy", "Kelly",
    "Byrne", "Chen", "Wang", "Tanaka", "Sato", "Sharma", "Patel", "Haddad", "Mansour", "Okafor",
    "Mensah", "Cohen", "Levi", "Russo", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo",
]
NICKNAMES = {
    "Mohammad": "Mohammed", "Katharina": "Katherina", "Aleksandra": "Alexandra", "Jakob": "Jacob",
    "Francesco": "Franco", "Giovanni": "Gianni", "Dimitris": "Dimitrios", "Stephen": "Steve",
    "Thomas": "Tom", "Samuel": "Sam", "Tomasz": "Tomek", "Javier": "Javi", "Peter": "Pete",
    "Elena": "Helena", "Lucas": "Luke", "Nikos": "Nikolaos", "Zoltán": "Zoli", "David": "Dave",
}
AFFILIATIONS = [
    "CERN", "LAPP", "ECAP - University of Erlangen", "INFN Perugia", "INFN Bologna", "ASTRON",
    "CDS/CNRS", "DESY", "Nikhef", "PIC", "IN2P3", "ESO", "CTAO gGmbH", "JIVE", "SKAO",
    "The Open University", "University of Manchester", "GSI", "FAIR GmbH", "EGO", "KIT", "CSIC",
    "IFAE", "University of Amsterdam", "INAF", "Observatoire de Paris", "MPIfR",
    "University of Oxford", "Jagiellonian University", "Stockholm University",
    "Uppsala University", "STFC RAL", "SURF", "GÉANT", "EGI Foundation", "University of Bologna",
    "Sapienza University of Rome", "IAC", "Leibniz Institute for Solar Physics", "FAU Erlangen",
]
SITES = [
    "CERN", "DESY", "PIC", "Nikhef", "IN2P3-CC", "INFN-CNAF", "SURF", "GSI", "LAPP", "RAL",
    "ASTRON", "CNRS", "IFAE", "KIT", "GÉANT",
]
TOPICS = [
    "the data lake", "token-based authentication", "the Rucio deployment", "the FTS instance",
    "the onboarding of new partners", "the science platform", "the VO registry",
    "the software catalogue", "the container registry", "the DIRAC workload manager",
    "the monitoring dashboards", "the CVMFS repository", "the milestone report",
    "the summer school", "the sustainability plan", "the training programme",
    "the open-data release", "the metadata schema", "the notebook service",
    "the storage quality-of-service tests", "the network upgrade", "the data-management plan",
    "the citizen-science pilot", "the HPC allocation", "the benchmark suite",
]
SUBJECTS = [
    "Work on {topic}", "The team at {site}", "Testing of {topic}", "The integration with {site}",
    "The review of {topic}", "Documentation for {topic}", "The deployment of {topic}",
    "Feedback from the users of {topic}", "The working group on {topic}",
    "Preparation of {topic}",
]
VERBS = [
    "is progressing as planned", "was presented at the collaboration meeting",
    "moved to production last week", "needs more effort than foreseen", "is on track",
    "was delayed by about two weeks", "passed the acceptance tests",
    "is waiting for the network upgrade at {site}", "started with two new developers",
    "produced a first draft that was circulated", "showed good results in the last campaign",
    "is limited by the available person-power", "was discussed with colleagues from {site}",
]
TAILS = [
    "", "", "", " with support from {site}", "; details are in the shared notes",
    " ahead of the next milestone", " after the review in {month}",
    ", and a follow-up is planned", " (the slides are attached to the agenda)",
    ", in close contact with the other work packages", " for about {k} per cent of the use cases",
]
TASKS = [
    "prepare the summary of {topic}", "circulate the draft report on {topic}",
    "contact {site} about {topic}", "update the wiki page of {topic}",
    "collect the requirements for {topic}", "organise a dedicated meeting on {topic}",
    "present the status of {topic} at the next meeting", "check the resources for {topic}",
    "draft the letter of intent for {topic}", "review the open tickets of {topic}",
]
DECISIONS = [
    "the status of {topic} is reported monthly from now on",
    "the report on {topic} is approved as circulated",
    "{site} hosts the next test campaign of {topic}",
    "the milestone on {topic} moves by one month",
    "a task force on {topic} is set up until the next general assembly",
    "the work on {topic} continues with the current priorities",
]
DONE_NOTES = [
    "done", "done, see the notes of the last meeting", "completed", "closed, no longer needed",
    "done and reported on the mailing list",
]
OPEN_NOTES = [
    "in progress", "ongoing, to be reviewed next time", "postponed by two weeks",
    "started; waiting for input from the sites",
]
AGENDA_TOPICS = [
    "DAC21 preparation", "Use case discussion", "Milestone and deliverable status",
    "Token-based authentication", "Summer school planning", "Sustainability plan",
    "Training and outreach", "Science project ideas", "Cross-work-package session",
    "EOSC integration", "Mid-term review preparation", "Data management plans",
    "Software onboarding", "Collaboration with HPC centres", "Communication plan",
]
BOARD_TOPICS = [
    ("Budget and reporting", "wp1"), ("Data lake operations", "wp2"),
    ("Software repository roadmap", "wp3"), ("Virtual observatory interfaces", "wp4"),
    ("Science platform priorities", "wp5"), ("Citizen science engagement", "wp6"),
    ("Telescope integration", "cta"), ("Neutrino telescope data", "km3net"),
    ("Radio astronomy pipelines", "ska"), ("Accelerator computing", "hl-lhc"),
]
TAGS = ["DAC21", "FENIX", "TSP", "ESAP", "OSSR", "AAI", "Rucio", "EOSC", "GA", "Review"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@dataclass(frozen=True)
class GroupSpec:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]


GROUPS = [
    GroupSpec("wp1", "Project Management and Coordination", "work-package", ("WP1", "PMO")),
    GroupSpec("wp2", "Data Infrastructure for Open Science", "work-package", ("WP2", "DIOS")),
    GroupSpec("wp3", "Open-source Scientific Software and Service Repository", "work-package",
              ("WP3", "OSSR")),
    GroupSpec("wp4", "Connecting ESFRI projects to EOSC through VO framework", "work-package",
              ("WP4", "CEVO")),
    GroupSpec("wp5", "ESFRI Science Analysis Platform", "work-package", ("WP5", "ESAP")),
    GroupSpec("wp6", "Citizen Science", "work-package", ("WP6", "ECO")),
    GroupSpec("cta", "Cherenkov Telescope Array Observatory", "infrastructure", ("CTA", "CTAO")),
    GroupSpec("ego", "European Gravitational Observatory", "infrastructure", ("EGO", "Virgo")),
    GroupSpec("eso", "European Southern Observatory", "infrastructure", ("ESO",)),
    GroupSpec("est", "European Solar Telescope", "infrastructure", ("EST",)),
    GroupSpec("fair", "Facility for Antiproton and Ion Research", "infrastructure", ("FAIR",)),
    GroupSpec("hl-lhc", "High-Luminosity Large Hadron Collider", "infrastructure", ("HL-LHC",)),
    GroupSpec("jive", "Joint Institute for VLBI ERIC", "infrastructure", ("JIVE",)),
    GroupSpec("km3net", "KM3NeT", "infrastructure", ("KM3Net",)),
    GroupSpec("ska", "Square Kilometre Array Observatory", "infrastructure", ("SKA", "SKAO")),
    GroupSpec("lofar", "Low-Frequency Array", "infrastructure", ("LOFAR",)),
    GroupSpec("elt", "Extremely Large Telescope", "infrastructure", ("ELT",)),
    GroupSpec("euclid", "Euclid Consortium", "infrastructure", ("Euclid",)),
    GroupSpec("rubin", "Vera C. Rubin Observatory", "infrastructure", ("Rubin", "LSST")),
    GroupSpec("tcb", "Technical Coordination Board", "board", ("TCB",)),
]
INFRASTRUCTURES = [g.id for g in GROUPS if g.kind == "infrastructure"]


@dataclass(frozen=True)
class SeriesSpec:
    id: str
    name: str
    cadence: str  # weekly | biweekly | monthly
    weekday: int  # Monday = 0
    start: int  # minutes after midnight
    n_members: int
    standing: tuple[str, ...]
    location: str


SERIES = [
    SeriesSpec("tcm", "Technical Coordination Meeting", "weekly", 2, 10 * 60, 16,
               ("wp1", "wp2", "wp3", "wp4", "wp5", "wp6", "cta", "ego", "eso", "est", "fair",
                "hl-lhc", "jive", "km3net", "ska"), "Zoom"),
    SeriesSpec("wp2", "WP2 Data Lake Meeting", "biweekly", 1, 14 * 60, 12,
               ("wp2", "cta", "hl-lhc", "km3net", "ska", "lofar", "fair", "ego"), "Vidyo"),
    SeriesSpec("board", "Executive Board", "monthly", 0, 16 * 60, 8, (), "CERN, room 31-3-004"),
    SeriesSpec("ossr", "OSSR Developers Meeting", "weekly", 3, 15 * 60, 10,
               ("wp3", "cta", "km3net", "ego", "elt", "euclid"), "Zoom"),
    SeriesSpec("esap", "ESAP Sprint Review", "biweekly", 4, 11 * 60, 9,
               ("wp5", "ska", "lofar", "rubin", "euclid", "jive"), "Teams"),
]


# --------------------------------------------------------------------------------------------
# the model of a synthetic archive


@dataclass
class Person:
    id: str
    name: str
    affiliation: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class Series:
    spec: SeriesSpec
    chair: str
    members: list[str]


@dataclass
class Record:
    series: str
    date: dt.date
    title: str  # the title the page shows (front-matter title or the series name)
    internal: bool
    front: str  # the front-matter lines, without the '---' fences
    body: str

    @property
    def meeting_id(self) -> str:
        return f"{self.series}-{self.date.isoformat()}"

    @property
    def path(self) -> str:
        """The record's path below meetings/."""
        return f"{self.series}/{self.date.year}/{self.date.isoformat()}.md"

    def text(self) -> str:
        return f"---\n{self.front}---\n{self.body}"


@dataclass
class Summary:
    """What one synthetic archive holds, for tests and the benchmark report."""

    n: int
    seed: int
    records: int = 0
    internal: int = 0
    actions: int = 0
    followups: int = 0
    decisions: int = 0
    group_sections: int = 0
    body_bytes: int = 0
    people: int = 0
    groups: int = 0
    series: int = 0
    first_date: str = ""
    last_date: str = ""
    register_items: int = 0
    mentions: int = 0  # registered ids written in the records

    @property
    def public(self) -> int:
        return self.records - self.internal


@dataclass
class Synthetic:
    people: list[Person]
    leads: dict[str, str]  # group id -> person id
    series: list[Series]
    records: list[Record]
    summary: Summary
    register: str = ""  # meetings/register.yml ("": the archive has none)


# --------------------------------------------------------------------------------------------
# registries


def _key(name: str) -> str:
    """Roughly the plugin's name key (accents, case, spaces ignored), to keep names unique."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip().casefold()


def _slug(name: str) -> str:
    ascii_text = _key(name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def make_people(rng: random.Random, count: int = N_PEOPLE) -> list[Person]:
    people: list[Person] = []
    used: set[str] = set()
    while len(people) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        pid = _slug(name)
        if _key(name) in used or pid in used:
            continue
        used.update({_key(name), pid})
        person = Person(pid, name, rng.choice(AFFILIATIONS))
        if rng.random() < 0.15:
            candidates = [f"{first[0]}. {last}"]
            if first in NICKNAMES:
                candidates.insert(0, f"{NICKNAMES[first]} {last}")
            alias = candidates[0] if rng.random() < 0.7 else candidates[-1]
            if _key(alias) not in used:
                used.add(_key(alias))
                person.aliases.append(alias)
        people.append(person)
    return people


def make_series(rng: random.Random, people: list[Person], leads: dict[str, str]) -> list[Series]:
    out: list[Series] = []
    ids = [p.id for p in people]
    for spec in SERIES:
        members: list[str] = []
        for gid in spec.standing:  # the leads of the standing groups belong to the series
            if gid in leads and leads[gid] not in members:
                members.append(leads[gid])
        while len(members) < spec.n_members:
            pid = rng.choice(ids[:120])  # a core of active people, the rest come as guests
            if pid not in members:
                members.append(pid)
        out.append(Series(spec, members[0] if spec.id != "board" else members[-1], members))
    return out


def _yaml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(items) + "]"


def people_yml(people: list[Person]) -> str:
    lines = ["# People (generated by benchmarks.generate)", ""]
    for p in people:
        lines += [f"{p.id}:", f"  name: {p.name}", f"  affiliation: {p.affiliation}"]
        if p.aliases:
            lines.append(f"  aliases: {_yaml_list(p.aliases)}")
    return "\n".join(lines) + "\n"


def groups_yml(leads: dict[str, str]) -> str:
    lines = ["# Groups (generated by benchmarks.generate)", ""]
    for g in GROUPS:
        lines += [f"{g.id}:", f"  name: {g.name}", f"  kind: {g.kind}",
                  f"  aliases: {_yaml_list(g.aliases)}"]
        if g.id in leads:
            lines.append(f"  lead: {leads[g.id]}")
    return "\n".join(lines) + "\n"


def series_yml(series: list[Series]) -> str:
    lines = ["# Meeting series (generated by benchmarks.generate)", ""]
    for s in series:
        lines += [f"{s.spec.id}:", f"  name: {s.spec.name}", f"  chair: {s.chair}"]
        if s.spec.standing:
            lines.append(f"  standing_groups: {_yaml_list(s.spec.standing)}")
        lines.append("  members:")
        lines += [f"    - {pid}" for pid in s.members]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# when meetings happen


def _holiday(spec: SeriesSpec, d: dt.date) -> bool:
    if (d.month == 12 and d.day >= 20) or (d.month == 1 and d.day <= 6):
        return True
    return spec.cadence != "monthly" and d.month == 8 and d.day <= 21


def _series_dates(spec: SeriesSpec, first: dt.date, seed: int) -> list[dt.date]:
    """The meeting days of one series between `first` and END_DATE, cancellations left out."""
    out: list[dt.date] = []
    if spec.cadence == "monthly":
        y, m = END_DATE.year, END_DATE.month
        while dt.date(y, m, 1) >= first.replace(day=1):
            d = dt.date(y, m, 1)
            d += dt.timedelta(days=(spec.weekday - d.weekday()) % 7)
            if first <= d <= END_DATE:
                out.append(d)
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    else:
        step = dt.timedelta(days=7 if spec.cadence == "weekly" else 14)
        d = END_DATE - dt.timedelta(days=(END_DATE.weekday() - spec.weekday) % 7)
        while d >= first:
            out.append(d)
            d -= step
    # A cancellation depends on the series and the day only, not on how far back we look.
    return [
        d for d in out
        if not _holiday(spec, d) and random.Random(f"{seed}:{spec.id}:{d}").random() >= 0.04
    ]


def meeting_days(n: int, seed: int) -> list[tuple[dt.date, str]]:
    """The n most recent (day, series id) meetings up to END_DATE, oldest first."""
    years = 1
    while True:
        first = dt.date(END_DATE.year - years + 1, 1, 1)
        days = [(d, s.id) for s in SERIES for d in _series_dates(s, first, seed)]
        if len(days) >= n:
            order = {s.id: i for i, s in enumerate(SERIES)}
            days.sort(key=lambda x: (x[0], order[x[1]]))
            return days[len(days) - n :]
        years += max(1, (n - len(days)) // 120)


# --------------------------------------------------------------------------------------------
# record bodies


@dataclass
class _Count:
    """The new action items of the record being written."""

    meeting_id: str
    n: int = 0
    new: list[str] = field(default_factory=list)  # ids of the new items left open


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class _Writer:
    """Writes the records in date order, remembering each series' open actions."""

    def __init__(self, rng: random.Random, synth: Synthetic) -> None:
        self.rng = rng
        self.people = {p.id: p for p in synth.people}
        self.ids = [p.id for p in synth.people]
        self.leads = synth.leads
        self.series = {s.spec.id: s for s in synth.series}
        self.open: dict[str, list[str]] = {s.spec.id: [] for s in synth.series}
        self.summary = synth.summary

    # words ------------------------------------------------------------------------------
    def _fill(self, template: str) -> str:
        r = self.rng
        return template.format(
            topic=r.choice(TOPICS), site=r.choice(SITES), month=r.choice(MONTHS),
            k=r.randrange(10, 95, 5),
        )

    def sentence(self) -> str:
        r = self.rng
        text = self._fill(f"{r.choice(SUBJECTS)} {r.choice(VERBS)}{r.choice(TAILS)}.")
        return text[0].upper() + text[1:]

    def ref(self, pid: str, speaker: bool = False) -> str:
        """One of the ways minute-takers write a person's name."""
        p, x = self.people[pid], self.rng.random()
        if speaker and x < 0.35:
            return f"{p.name} ({p.affiliation})"
        if x < 0.06:
            return p.id
        if x < 0.12 and p.aliases:
            return p.aliases[0]
        if x < 0.16:
            return f"Dr {p.name}"
        if x < 0.19:
            return p.name.lower()
        return p.name

    # blocks -----------------------------------------------------------------------------
    def bullets(self, count: int) -> list[str]:
        lines = []
        for _ in range(count):
            lines.append(f"- {self.sentence()}")
            if self.rng.random() < 0.25:
                lines += [f"    - {self.sentence()}" for _ in range(self.rng.randint(1, 2))]
        return lines

    def action(self, date: dt.date, candidates: list[str], count: _Count, indent: str = "") -> str:
        """A new action item; its id counts the record's new action items in document order."""
        r = self.rng
        count.n += 1
        action_id = f"{count.meeting_id}-{count.n}"
        self.summary.actions += 1
        task = self._fill(r.choice(TASKS))
        due = date + dt.timedelta(days=r.randrange(7, 57))
        checked = r.random() < 0.05
        if not checked:
            count.new.append(action_id)
        box = "[x]" if checked else "[ ]"
        if r.random() < 0.1 or not candidates:
            return f"{indent}- {box} {task[0].upper()}{task[1:]} (due {due})"
        owners = r.sample(candidates, k=min(len(candidates), 1 if r.random() < 0.75 else 2))
        names = [self.ref(pid) for pid in owners]
        joined = names[0] if len(names) == 1 else f"{names[0]}{r.choice([', ', ' and '])}{names[1]}"
        return f"{indent}- {box} {joined}: {task} (due {due})"

    def decision(self, group: str | None = None) -> str:
        self.summary.decisions += 1
        text = self._fill(self.rng.choice(DECISIONS))
        text = text[0].upper() + text[1:] + "."
        return f"- **Decision:** {text}" if self.rng.random() < 0.3 else f"Decision: {text}"

    # a record ---------------------------------------------------------------------------
    def record(self, index: int, date: dt.date, sid: str) -> Record:
        r, s = self.rng, self.series[sid]
        spec = s.spec
        internal = index % 40 == 17 or (sid == "board" and r.random() < 0.1)
        meeting_id = f"{sid}-{date.isoformat()}"

        chair = s.chair if r.random() < 0.9 else r.choice(s.members)
        present: list[str] = []
        apologies: list[str] = []
        for pid in s.members:
            x = r.random()
            if x < 0.78 or pid == chair:
                present.append(pid)
            elif x < 0.9:
                apologies.append(pid)
        for _ in range(r.choice([0, 0, 1, 1, 2, 3])):
            guest = r.choice(self.ids)
            if guest not in present and guest not in apologies:
                present.append(guest)

        target = max(1800, min(6000, int(r.gauss(TARGET_BODY_BYTES, 600))))
        count = _Count(meeting_id)
        out: list[str] = [""]
        size = 0

        def emit(block: list[str]) -> None:
            nonlocal size
            out.extend(block)
            out.append("")
            size += sum(len(x.encode()) + 1 for x in block) + 1

        # follow-ups of the series' earlier actions
        pool = self.open[sid]
        if pool and not internal:
            picks = pool[:2] + ([r.choice(pool[2:])] if len(pool) > 2 else [])
            lines = []
            for aid in picks:
                self.summary.followups += 1
                if r.random() < 0.65:
                    lines.append(f"- [x] {aid}: {r.choice(DONE_NOTES)}")
                    pool.remove(aid)
                else:
                    lines.append(f"- [ ] {aid}: {r.choice(OPEN_NOTES)}")
            # forget what nobody follows up any more, as real minutes do
            del pool[: max(0, len(pool) - 12)]
            emit(["## Review of actions", "", *lines])

        clock = spec.start
        emit([f"## {_hm(clock)}–{_hm(clock + 5)} Introduction",
              f"Speaker: {self.ref(chair, speaker=True)}", "", *self.bullets(r.randint(1, 3))])
        clock += 5
        if r.random() < 0.5 or not spec.standing:
            topics = r.sample(BOARD_TOPICS, 3) if not spec.standing else [
                (r.choice(AGENDA_TOPICS), None)
            ]
            for title, gid in topics:
                length = r.choice([10, 15, 20])
                attr = f" {{ group={gid} }}" if gid else ""
                speaker = self.leads.get(gid or "", r.choice(present))
                block = [f"## {_hm(clock)}–{_hm(clock + length)} {title}{attr}",
                         f"Speaker: {self.ref(speaker, speaker=True)}", "",
                         *self.bullets(r.randint(2, 4))]
                if r.random() < 0.6:
                    block.append(self.action(date, present, count))
                emit(block)
                if gid:
                    self.summary.group_sections += 1
                if r.random() < 0.3:
                    emit([self.decision()])
                clock += length

        if spec.standing:
            rt_start = clock
            sections: list[list[str]] = []
            groups = [g for g in spec.standing if r.random() < 0.8] or [spec.standing[0]]
            # share what is left of the body's target size among the reports, AOB aside
            budget = max(0, target - size - 200) // len(groups)
            for gid in groups:
                g = next(x for x in GROUPS if x.id == gid)
                label = g.aliases[0]
                x = r.random()
                if x < 0.1:
                    label = g.name
                elif x < 0.2:
                    label = f"{g.aliases[-1]} – status"
                lead = self.leads.get(gid)
                speaker = lead if lead in present else r.choice(present)
                block = [f"### {label}", f"Speaker: {self.ref(speaker, speaker=True)}"]
                if budget > 120 and r.random() < 0.85:  # else: on the agenda, no report
                    block.append("")
                    if r.random() < 0.45:
                        indent = "    " if r.random() < 0.2 else ""
                        block.append(self.action(date, present, count, indent))
                    if r.random() < 0.25:
                        block += ["", self.decision()]
                    used = sum(len(x.encode()) + 1 for x in block)
                    bullets: list[str] = []
                    while not bullets or used + sum(len(b) + 1 for b in bullets) < budget:
                        bullets += self.bullets(1)
                    block[3:3] = bullets
                sections.append(block)
                self.summary.group_sections += 1
            length = max(10, 3 * len(sections))
            emit([f"## {_hm(rt_start)}–{_hm(rt_start + length)} Round table"])
            for block in sections:
                emit(block)
            clock += length
        aob = self.sentence()
        emit([f"## {_hm(clock)}–{_hm(clock + 5)} AOB", "",
              f"- Next meeting as usual; {aob[0].lower()}{aob[1:]}"])
        clock += 5

        if not internal:
            self.open[sid].extend(count.new)
        body = "\n".join(out)

        front = [f"series: {sid}"] if r.random() < 0.8 else []
        front.append(f"date: {date.isoformat()}")
        title = spec.name
        if internal:
            title = f"{spec.name} (closed session)"
            front.append(f"title: {title}")
        elif r.random() < 0.05:
            title = f"{spec.name}: {r.choice(AGENDA_TOPICS)}"
            front.append(f'title: "{title}"')
        front += [f'start: "{_hm(spec.start)}"', f'end: "{_hm(clock)}"']
        if r.random() < 0.3:
            front.append("timezone: Europe/Zurich")
        if chair != s.chair or r.random() < 0.2:
            front.append(f"chair: {self.ref(chair)}")
        front.append(f"present: {_yaml_list([self.ref(p) for p in present])}")
        if apologies:
            front.append(f"apologies: {_yaml_list([self.ref(p) for p in apologies])}")
        front.append(f"location: {spec.location}")
        if r.random() < 0.6:
            event = r.randrange(10**5, 10**6)
            front.append(f'links: {{indico: "https://indico.example.org/event/{event}/"}}')
        if r.random() < 0.4:
            front.append(f"tags: {_yaml_list(r.sample(TAGS, r.randint(1, 3)))}")
        if internal:
            front.append("visibility: internal")
        elif r.random() < 0.1:
            front.append("visibility: public")

        self.summary.records += 1
        self.summary.internal += internal
        self.summary.body_bytes += len(body.encode())
        return Record(sid, date, title, internal, "\n".join(front) + "\n", body)


# --------------------------------------------------------------------------------------------
# the register (meetings/register.yml) and the records' mentions of it

WORK_PACKAGES = [g.id for g in GROUPS if g.kind == "work-package"]
DELIVERABLE_TITLES = [
    "Report on {topic}", "Design of {topic}", "Prototype of {topic}", "Release of {topic}",
    "Plan for {topic}", "Evaluation of {topic} at {site}", "Roadmap for {topic}",
]
MILESTONE_TITLES = [
    "{topic} in production", "{topic} ready for the partners", "First test of {topic}",
    "Review of {topic} passed", "{topic} integrated with {site}",
]
RISK_TITLES = [
    "Delays in {topic}", "Staff turnover at {site}", "Insufficient resources for {topic}",
    "Dependence on {site} for {topic}", "Low uptake of {topic}",
]
MENTIONS = [
    "{id} is in preparation", "{id} was discussed with {site}", "the draft of {id} is circulated",
    "{id} needs input from the other work packages", "{id} is on track",
    "the reviewers asked for changes to {id}", "{id} may be late by a month",
]
RESCHEDULE_REASONS = ["amendment 2", "to include the results of the test campaign",
                      "the review moved", "a partner left the project"]


@dataclass(frozen=True)
class RegisterItem:
    id: str
    kind: str  # deliverable | milestone | risk
    lines: tuple[str, ...]  # its fields in register.yml, without the id line


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _month_end(month: int) -> dt.date:
    """The last day of project month `month` (docs/format.md §3.4)."""
    index = REGISTER_START.year * 12 + REGISTER_START.month - 1 + month
    return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)


def make_register(
    seed: int, people: list[Person], count: int = REGISTER_ITEMS
) -> list[RegisterItem]:
    """`count` items: three in five deliverables (D<wp>.<n>), the rest milestones (MS<n>) and
    risks (R<n>) in equal parts, due in months 3 to 60; those due before the build date (month
    49) mostly delivered, some late, a few rescheduled."""
    rng = random.Random(f"{seed}:register")
    ids = [p.id for p in people[:120]]
    fill = {"topic": TOPICS, "site": SITES}

    def title(templates: list[str]) -> str:
        text = rng.choice(templates).format(**{k: rng.choice(v) for k, v in fill.items()})
        return text[0].upper() + text[1:]

    n_milestones = n_risks = count // 5
    out: list[RegisterItem] = []
    per_wp = dict.fromkeys(WORK_PACKAGES, 0)
    for i in range(count - n_milestones - n_risks):
        wp = WORK_PACKAGES[i % len(WORK_PACKAGES)]
        per_wp[wp] += 1
        due = rng.randint(3, 60)
        lines = [f"title: {_q(title(DELIVERABLE_TITLES))}", f"wp: {wp}",
                 f"lead: {_q(rng.choice(AFFILIATIONS))}"]
        if rng.random() < 0.7:
            lines.append(f"responsible: {rng.choice(ids)}")
        lines += [f"type: {rng.choice(['R', 'R', 'R', 'DEM', 'DATA', 'OTHER'])}",
                  f"dissemination: {'PU' if rng.random() < 0.8 else 'CO'}", f"due: M{due}"]
        current = due
        if rng.random() < 0.1:
            current = min(60, due + rng.randint(1, 6))
            lines.append(f"rescheduled: {{due: M{current}, "
                         f"reason: {_q(rng.choice(RESCHEDULE_REASONS))}}}")
        x = rng.random()
        if current > 48 or x < 0.1:
            lines.append("status: planned")
        else:
            status = "accepted" if x < 0.6 else ("submitted" if x < 0.9 else "revision")
            day = _month_end(current) - dt.timedelta(days=rng.randint(0, 20))
            lines += [f"status: {status}", f"submitted: {day.isoformat()}",
                      f"link: https://doi.org/10.5281/zenodo.{rng.randrange(10**6, 10**7)}"]
        out.append(RegisterItem(f"D{wp[2:]}.{per_wp[wp]}", "deliverable", tuple(lines)))
    for i in range(n_milestones):
        due = rng.randint(3, 60)
        wps = rng.sample(WORK_PACKAGES, rng.choice([1, 1, 2, 3]))
        lines = [f"title: {_q(title(MILESTONE_TITLES))}",
                 f"wp: {wps[0] if len(wps) == 1 else _yaml_list(wps)}", f"due: M{due}",
                 f"verification: {_q(rng.choice(['a report', 'a demonstration', 'a release']))}"]
        x = rng.random()
        if due > 48 or x < 0.1:
            lines.append("status: planned")
        elif x < 0.9:
            lines += ["status: reached", f"reached: {_month_end(due).isoformat()}"]
        else:
            lines.append("status: missed")
        out.append(RegisterItem(f"MS{i + 1}", "milestone", tuple(lines)))
    for i in range(n_risks):
        wps = rng.sample(WORK_PACKAGES, rng.choice([1, 1, 2]))
        out.append(RegisterItem(f"R{i + 1}", "risk", (
            f"title: {_q(title(RISK_TITLES))}",
            f"wp: {wps[0] if len(wps) == 1 else _yaml_list(wps)}",
            f"likelihood: {rng.choice(['low', 'medium', 'high'])}",
            f"severity: {rng.choice(['low', 'medium', 'high'])}",
            f"mitigation: {_q('Regular follow-up with ' + rng.choice(SITES))}",
            f"status: {'open' if rng.random() < 0.7 else 'closed'}",
        )))
    return out


def register_yml(items: list[RegisterItem]) -> str:
    lines = ["# The register (generated by benchmarks.generate; docs/format.md §3.4)", "",
             f"start: {REGISTER_START.isoformat()}"]
    for kind, section in (("deliverable", "deliverables"), ("milestone", "milestones"),
                          ("risk", "risks")):
        lines += ["", f"{section}:"]
        for item in items:
            if item.kind == kind:
                lines += [f"  {item.id}:", *(f"    {line}" for line in item.lines)]
    return "\n".join(lines) + "\n"


def add_mentions(records: list[Record], items: list[RegisterItem], seed: int) -> int:
    """Write mentions of the register's ids into the records' bodies: in three records of
    five, one to three bullets, each after a bullet of the body. The ids are drawn with
    weights 1/rank, so a few items are mentioned hundreds of times at 8,000 meetings."""
    order = [i.id for i in items]
    random.Random(f"{seed}:mention-order").shuffle(order)
    weights = [1 / (rank + 1) for rank in range(len(order))]
    count = 0
    for rec in records:
        rng = random.Random(f"{seed}:mentions:{rec.meeting_id}")
        if not order or rng.random() >= 0.6:
            continue
        lines = rec.body.split("\n")
        bullets = [i for i, line in enumerate(lines) if line.startswith("- ")
                   and not line.startswith("- [")]
        for item_id in rng.choices(order, weights, k=rng.choice([1, 1, 1, 2, 2, 3])):
            text = rng.choice(MENTIONS).format(id=item_id, site=rng.choice(SITES))
            at = rng.choice(bullets) + 1 if bullets else len(lines)
            lines.insert(at, f"- {text[0].upper()}{text[1:]}.")
            bullets = [b + (b >= at) for b in bullets]
            count += 1
        rec.body = "\n".join(lines)
    return count


def synthesize(n: int, seed: int = SEED, register: bool = False) -> Synthetic:
    """The whole synthetic archive of `n` records, in memory (with a register and mentions of
    it if asked)."""
    rng = random.Random(seed)
    people = make_people(rng)
    leads: dict[str, str] = {}
    for g in GROUPS:
        if g.kind != "infrastructure" or rng.random() < 0.7:
            leads[g.id] = rng.choice(people[:120]).id
    series = make_series(rng, people, leads)
    summary = Summary(n=n, seed=seed, people=len(people), groups=len(GROUPS), series=len(series))
    synth = Synthetic(people, leads, series, [], summary)
    writer = _Writer(rng, synth)
    days = meeting_days(n, seed)
    synth.records = [writer.record(i, d, sid) for i, (d, sid) in enumerate(days)]
    if register:
        items = make_register(seed, people)
        synth.register = register_yml(items)
        summary.register_items = len(items)
        before = sum(len(rec.body.encode()) for rec in synth.records)
        summary.mentions = add_mentions(synth.records, items, seed)
        summary.body_bytes += sum(len(rec.body.encode()) for rec in synth.records) - before
    if days:
        summary.first_date, summary.last_date = days[0][0].isoformat(), days[-1][0].isoformat()
    return synth


# --------------------------------------------------------------------------------------------
# writing the two sites

MARKDOWN_EXTENSIONS = """\
markdown_extensions:
  - attr_list
  - toc
  - pymdownx.tasklist
"""

FULL_YML = """\
site_name: Synthetic minutes ({n} meetings)
site_url: https://minutes.example.org/
theme:
  name: material
  font: false
plugins:
  - search
  - minutes:
      meetings_dir: meetings
      strict: true
      timezone: Europe/Zurich
{extensions}nav:
  - Home: index.md
"""

VANILLA_YML = """\
site_name: Synthetic minutes, vanilla ({n} meetings)
site_url: https://minutes.example.org/
theme:
  name: material
  font: false
plugins:
  - search
{extensions}nav:
  - Home: index.md
not_in_nav: |
  /meetings/
"""

HOME = """\
# Synthetic minutes

A generated archive of {n} meeting records ({first} to {last}) for the benchmark of the
`minutes` plugin. Nothing in it is real.
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _fresh(root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)


def write_archive(root: Path, synth: Synthetic) -> Path:
    """The minutes site: mkdocs.yml, docs/index.md, meetings/ with registries and records."""
    _fresh(root)
    s = synth.summary
    _write(root / "mkdocs.yml", FULL_YML.format(n=s.n, extensions=MARKDOWN_EXTENSIONS))
    _write(root / "docs" / "index.md", HOME.format(n=s.n, first=s.first_date, last=s.last_date))
    meetings = root / "meetings"
    _write(meetings / "people.yml", people_yml(synth.people))
    _write(meetings / "groups.yml", groups_yml(synth.leads))
    _write(meetings / "series.yml", series_yml(synth.series))
    if synth.register:
        _write(meetings / "register.yml", synth.register)
    for rec in synth.records:
        _write(meetings / rec.path, rec.text())
    return root


def write_vanilla(root: Path, synth: Synthetic) -> Path:
    """The baseline: the published meeting pages as plain Markdown of a Material site.

    Each public record becomes docs/meetings/<series>/<date>.md (the address the plugin gives
    it) with its front-matter stripped to the title and the same body; the nav lists only the
    home page, and `not_in_nav` marks the meetings as deliberately left out of it.
    """
    _fresh(root)
    s = synth.summary
    _write(root / "mkdocs.yml", VANILLA_YML.format(n=s.n, extensions=MARKDOWN_EXTENSIONS))
    _write(root / "docs" / "index.md", HOME.format(n=s.n, first=s.first_date, last=s.last_date))
    for rec in synth.records:
        if rec.internal:  # the default build of the plugin publishes no internal record
            continue
        title = rec.title.replace('"', '\\"')
        _write(
            root / "docs" / "meetings" / rec.series / f"{rec.date.isoformat()}.md",
            f'---\ntitle: "{title}"\n---\n{rec.body}',
        )
    return root


def generate_archive(root: Path, n: int, seed: int = SEED, register: bool = False) -> Summary:
    """Write the minutes archive of `n` records into `root`."""
    synth = synthesize(n, seed, register)
    write_archive(root, synth)
    return synth.summary


def generate_pair(
    work: Path, n: int, seed: int = SEED, register: bool = False
) -> tuple[Path, Path, Summary]:
    """Write `work`/full (the minutes site) and `work`/vanilla (its baseline) for `n` records."""
    synth = synthesize(n, seed, register)
    full = write_archive(work / "full", synth)
    vanilla = write_vanilla(work / "vanilla", synth)
    return full, vanilla, synth.summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("n", type=int, help="number of meeting records")
    parser.add_argument("out", type=Path, help="folder to write full/ and vanilla/ into")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--register", action="store_true",
                        help=f"add a register of {REGISTER_ITEMS} items and mentions of them")
    args = parser.parse_args(argv)
    full, vanilla, s = generate_pair(args.out, args.n, args.seed, args.register)
    print(
        f"{full}, {vanilla}: {s.records} records ({s.internal} internal), {s.actions} actions, "
        f"{s.followups} follow-ups, {s.decisions} decisions, {s.register_items} register "
        f"items, {s.mentions} mentions, {s.first_date} to {s.last_date}, "
        f"mean body {s.body_bytes // max(s.records, 1)} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
