"""Tables a reader can read, in headless Chromium: names whole and the due column in view on
a laptop (1280 px), and on a phone (390 px) a table that scrolls sideways in its own box with
its first column kept in view (issue 22; docs/format.md §10)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from .browser import serve
from .helpers import mkdocs_build, record, write_archive

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

# Names that a table squeezed to its narrowest layout used to break inside a word
# ("Jeremia/h Senkpie/l"), and action text with a long unbreakable URL.
PEOPLE = """\
jeremiah-senkpiel:
  name: Jeremiah Senkpiel
  affiliation: Leibniz Institute for Solar Physics
nazaret-bello-gonzalez:
  name: Nazaret Bello González
  affiliation: Instituto de Astrofísica de Canarias
aleksandra-wisniewska:
  name: Aleksandra Wiśniewska
  affiliation: Jagiellonian University
katharina-van-den-berg:
  name: Katharina van den Berg
  affiliation: ECAP - University of Erlangen
ian-bird:
  name: Ian Bird
  affiliation: LAPP
"""
GROUPS = """\
wp2:
  name: Data Infrastructure for Open Science
  kind: work-package
  aliases: [WP2, DIOS]
  lead: jeremiah-senkpiel
hl-lhc:
  name: High-Luminosity Large Hadron Collider
  kind: infrastructure
  aliases: [HL-LHC]
"""
SERIES = """\
tcm:
  name: Technical Coordination Meeting
  chair: ian-bird
  standing_groups: [wp2, hl-lhc]
  members: [ian-bird, jeremiah-senkpiel, nazaret-bello-gonzalez, aleksandra-wisniewska,
            katharina-van-den-berg]
"""
REGISTER = """\
start: 2019-02-01
deliverables:
  D2.1:
    title: The Data Lake pilot, its token-based authorisation and the plan of the Data and Analysis Challenge
    wp: wp2
    lead: CERN
    responsible: jeremiah-senkpiel
    type: R
    dissemination: PU
    due: M24
    status: planned
milestones:
  MS7:
    title: The Data Lake's services in production at every site of the collaboration
    wp: [wp2, hl-lhc]
    due: M30
    verification: a report to the board
    status: planned
"""
PRESENT = (
    "[Ian Bird, Jeremiah Senkpiel, Nazaret Bello González, Aleksandra Wiśniewska, "
    "Katharina van den Berg]"
)
TASK = (
    "identify an HPC use case from one or more sciences in ESCAPE and prepare the letter of "
    "intent to FENIX, see https://indico.example.org/event/123456/contributions/7890123/"
    "attachments/4567890/"
)
DAYS = ["2021-06-09", "2021-06-23", "2021-07-07"]
RECORDS = {
    f"tcm/2021/{day}.md": record(
        f"date: {day}\npresent: {PRESENT}",
        f"""
## Round table

### WP2
Speaker: Jeremiah Senkpiel

D2.1 is in preparation; MS7 needs every site.

- [ ] Jeremiah Senkpiel, Nazaret Bello González and Aleksandra Wiśniewska: {TASK} (due 2021-0{7 + i}-01)
- [ ] Katharina van den Berg: deploy the token daemons (due 2099-01-01)

Decision: the Data Infrastructure for Open Science work package reports monthly from now on,
see https://wiki.example.org/display/ESCAPE/WP2+Monthly+Reports+and+Minutes+of+the+Work+Package.

### HL-LHC
Speaker: Nazaret Bello González

- [ ] Nazaret Bello González and Katharina van den Berg: {TASK} (due 2021-0{8 + i}-01)
""",
    )
    for i, day in enumerate(DAYS)
}
# Every page with a table of names: the action log, a group's timeline (short action tables
# and its register items), a person's actions, people, decisions, attendance, the register.
PAGES = [
    "actions/",
    "groups/wp2/",
    "people/jeremiah-senkpiel/",
    "people/",
    "decisions/",
    "attendance/",
    "meetings/",
    "register/",
    "register/d2-1/",
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("tables")
    write_archive(root, RECORDS, people=PEOPLE, groups=GROUPS, series=SERIES)
    (root / "meetings" / "register.yml").write_text(REGISTER, encoding="utf-8")
    result = mkdocs_build(root, "--strict", env={"SOURCE_DATE_EPOCH": "1640995200"})
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site") as url:
        yield url


def _open(
    browser: Browser, base: str, path: str, width: int, height: int
) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    response = page.goto(base + path)
    assert response is not None and response.status == 200, path
    return context, page


# Names: the people's links (`a.minutes-person`) anywhere on the page, and the links in the
# first column of a table (people/, attendance/, actions/ by owner), each on one line.
SPLIT_NAMES = """() => [...document.querySelectorAll(
    'article a.minutes-person, article table :is(td, th[scope=row]):first-child > a:first-child')]
  .filter(a => a.getClientRects().length !== 1).map(a => a.textContent)"""

# Dates (2021-07-01) written in a table, each on one line: the browser may break after a
# hyphen, which makes "2021-/07-01".
SPLIT_DATES = """() => {
  const split = [];
  for (const table of document.querySelectorAll('article table')) {
    const walk = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      for (const m of node.data.matchAll(/\\d{4}-\\d{2}-\\d{2}/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        if (range.getClientRects().length !== 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""

# Each table's columns against its scroll box and the viewport: the right edge of the `Due`
# column (-1: none) and of the last column, and the box's right edge.
COLUMNS = """() => [...document.querySelectorAll('article table.minutes-table')].map(t => {
  const box = t.closest('.minutes-scroll') || t.parentElement;
  const heads = [...t.querySelectorAll('thead th')];
  const due = heads.find(th => th.textContent.trim() === 'Due');
  return {table: t.className, boxRight: box.getBoundingClientRect().right,
          dueRight: due ? due.getBoundingClientRect().right : -1,
          lastRight: heads.length ? heads[heads.length - 1].getBoundingClientRect().right : -1,
          log: t.classList.contains('minutes-action-log')};
})"""


@pytest.mark.parametrize("path", PAGES)
def test_at_1280_px_names_are_whole_and_the_due_column_is_in_view(
    browser: Browser, base: str, path: str
) -> None:
    context, page = _open(browser, base, path, 1280, 800)
    assert page.evaluate(SPLIT_NAMES) == []
    assert page.evaluate(SPLIT_DATES) == []
    tables = page.evaluate(COLUMNS)
    assert tables, path
    for t in tables:
        assert t["boxRight"] <= 1280
        assert t["dueRight"] <= t["boxRight"] + 0.5, t
        if not t["log"]:  # every column in view; the action log's nine scroll in their box
            assert t["lastRight"] <= t["boxRight"] + 0.5, t
    context.close()


def test_the_names_tested_are_long_enough_to_have_broken(browser: Browser, base: str) -> None:
    """The fixture is hard enough: the action log is wider than its box at 1280 px."""
    context, page = _open(browser, base, "actions/", 1280, 800)
    box = page.locator("table.minutes-action-log >> nth=0").evaluate(
        "t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]"
    )
    assert box[0] > box[1]
    owners = page.locator("table.minutes-action-log >> nth=0").locator("a.minutes-person")
    assert "Jeremiah Senkpiel" in owners.all_inner_texts()
    context.close()


# On a phone: each table box that is wider than the screen scrolls; scrolled to its end, the
# first cell of the header and of every row stays where it was, and is what shows there.
STICKY = """() => [...document.querySelectorAll('article .minutes-scroll')]
  .filter(box => box.scrollWidth > box.clientWidth).map(box => {
    const cells = [...box.querySelectorAll('tr > :first-child')];
    const before = cells.map(c => c.getBoundingClientRect().left);
    box.scrollLeft = box.scrollWidth;
    const moved = box.scrollLeft;
    const after = cells.map(c => c.getBoundingClientRect().left);
    const shown = cells.filter(c => { const r = c.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + 2, r.top + r.height / 2);
      return r.top < 0 || r.bottom > innerHeight || (top !== null && c.contains(top)); }).length;
    box.scrollLeft = 0;
    return {moved, cells: cells.length, shown,
            shift: Math.max(...before.map((b, i) => Math.abs(after[i] - b)))};
  })"""


@pytest.mark.parametrize("path", ["actions/", "groups/wp2/", "people/", "register/"])
def test_at_390_px_a_table_scrolls_in_its_box_with_its_first_column_in_view(
    browser: Browser, base: str, path: str
) -> None:
    context, page = _open(browser, base, path, 390, 844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page does not
    boxes = page.evaluate(STICKY)
    assert boxes, f"no table of {path} is wider than a phone"
    for b in boxes:
        assert b["moved"] > 20, b
        assert b["shift"] <= 1, b  # the first column stayed put
        assert b["shown"] == b["cells"], b  # and nothing scrolled over it
    assert page.evaluate(SPLIT_NAMES) == []
    assert page.evaluate(SPLIT_DATES) == []
    context.close()
