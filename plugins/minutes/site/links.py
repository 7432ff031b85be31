"""The links and names the generated pages show, each made once where thousands of rows
repeat it: links to meetings, people, groups and register items, an action's id, owners and
status, a register item's status, the links between the parts of a long page.

`Links` is what the rows (site/rows.py) and meeting pages (site/meeting_page.py) are made
with. The pieces are HTML, already escaped, as plain strings (or `Markup` where a template
prints them); every value from a record or a registry is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from markupsafe import Markup

from minutes.aggregates.edition import Edition
from minutes.core.model import Action, Meeting, RegisterItem
from minutes.site import urls as u
from minutes.site.partition import Part
from minutes.site.templating import esc, markdown_text

_DONE = Markup('<span class="minutes-status minutes-done">done</span>')
_OVERDUE = Markup('<span class="minutes-status minutes-overdue">overdue</span>')
_OPEN = Markup('<span class="minutes-status minutes-open">open</span>')
# A register item's status as a badge: what is still owed, what is done, what was dropped.
_ITEM_STATUS = {
    "planned": "minutes-open",
    "revision": "minutes-open",
    "open": "minutes-open",
    "submitted": "minutes-done",
    "accepted": "minutes-done",
    "reached": "minutes-done",
    "closed": "minutes-done",
}


class Links:
    """The links of one edition's pages, at the addresses `urls` gives them."""

    def __init__(self, edition: Edition, urls: u.Urls) -> None:
        # Kept as attributes of their own: the rows read them by the thousand.
        self.archive = edition.archive
        self.today = edition.today
        self.meeting_by_id = edition.meeting_by_id
        self.urls = urls
        # A meeting's heading on a group's timeline, around the link to it (rows.py's
        # timeline_entry): a meeting is on the timeline of each group on its agenda.
        self.meeting_heads: dict[str, tuple[str, str]] = {}
        self._links: dict[tuple[str, str, bool, str], Markup] = {}
        self._meeting_addresses: dict[str, str] = {}
        self._here_src, self._here_parts = "", ("", "", "")

    def meeting_href(self, src: str, m: Meeting, anchor: str | None = None) -> str:
        """A link from page `src` to meeting `m`'s page (or to an anchor of it)."""
        target = self._meeting_addresses.get(m.id)
        if target is None:  # each meeting page's address, made once: thousands of rows link
            target = self._meeting_addresses[m.id] = self.urls.url(u.meeting_src(m))
        link = u.relative_from(*self._here(src), target)
        return f"{link}#{anchor}" if anchor else link

    def _here(self, src: str) -> tuple[str, str, str]:
        """Page `src`'s address, its top folder and its way up to the root, kept for the page
        being made: it links again and again."""
        if src != self._here_src:
            here = self.urls.url(src)
            self._here_src, self._here_parts = src, (here, *u.way_up(here))
        return self._here_parts

    def _cached_links(
        self,
        section: str,
        keys: Iterable[str],
        affiliation: bool,
        src: str,
        make: Callable[[str, str, bool], Markup],
    ) -> list[Markup]:
        """Links to pages of `section`, each made once per depth: a link from a page outside
        that section only climbs to the root, the same from every page as deep (thousands of
        pages name the same people and groups)."""
        base, links = self._link_base(src, section), self._links
        out = []
        for key in keys:
            link = links.get((section, key, affiliation, base))
            if link is None:
                link = links[(section, key, affiliation, base)] = make(key, src, affiliation)
            out.append(link)
        return out

    def _link_base(self, src: str, section: str) -> str:
        """What a link from page `src` into `section` depends on besides its target: its way
        up to the root, unless `src` is in that section itself."""
        _, top, up = self._here(src)
        return src if top == section + "/" else up

    def person_link(self, pid: str, src: str, affiliation: bool = False) -> Markup:
        """A link to a person's page, with their affiliation if asked for."""
        return self._cached_links(u.PEOPLE, [pid], affiliation, src, self._person_link)[0]

    def _person_link(self, pid: str, src: str, affiliation: bool) -> Markup:
        p = self.archive.person(pid)
        href = self.urls.rel(src, u.person_src(pid))
        aff = (
            f' <span class="minutes-affiliation">({esc(p.affiliation)})</span>'
            if affiliation and p.affiliation
            else ""
        )
        return Markup(f'<a class="minutes-person" href="{esc(href)}">{esc(p.name)}</a>{aff}')

    def group_link(self, gid: str, src: str) -> Markup:
        """A link to a group's page, by its short name, its full name as the title."""
        return self._cached_links(u.GROUPS, [gid], False, src, self._group_link)[0]

    def _group_link(self, gid: str, src: str, _affiliation: bool = False) -> Markup:
        g = self.archive.registry.groups.get(gid)
        name = g.aliases[0] if g and g.aliases else (g.name if g else gid)
        title = g.name if g else gid
        href = self.urls.rel(src, u.group_src(gid))
        return Markup(
            f'<a class="minutes-group" href="{esc(href)}" title="{esc(title)}">{esc(name)}</a>'
        )

    def people_links(self, pids: Iterable[str], src: str, affiliation: bool = False) -> str:
        """Links to these people's pages, separated by commas (empty for none)."""
        return ", ".join(self._cached_links(u.PEOPLE, pids, affiliation, src, self._person_link))

    def group_links(self, gids: Iterable[str], src: str) -> str:
        """Links to these groups' pages, separated by commas (empty for none)."""
        return ", ".join(self._cached_links(u.GROUPS, gids, False, src, self._group_link))

    def action_link(self, a: Action, src: str) -> str:
        """An action's id, linked to the action where it was raised."""
        href = self.meeting_href(src, self.meeting_by_id[a.item.meeting], a.id)
        return f'<a class="minutes-action-id" href="{esc(href)}">{esc(a.id)}</a>'

    def owners(self, a: Action, src: str) -> str:
        """An action's owners, linked, or a note that it has none."""
        if not a.item.owners:
            return '<span class="minutes-none">no owner</span>'
        return self.people_links(a.item.owners, src)

    def status(self, a: Action) -> Markup:
        """An action's status badge: done, overdue or open."""
        if a.status == "done":
            return _DONE
        return _OVERDUE if a.overdue(self.today) else _OPEN

    def register_link(self, item_id: str, src: str, titled: bool = True) -> Markup:
        """A register item's id, linked to its page, its title as the link's title unless
        not `titled` (a table row that shows the title beside it)."""
        return self._cached_links(u.REGISTER, [item_id], titled, src, self._register_link)[0]

    def _register_link(self, item_id: str, src: str, titled: bool) -> Markup:
        item = self.archive.registry.register.items[item_id]
        href = self.urls.rel(src, u.register_item_src(item))
        title = f' title="{esc(item.title)}"' if titled else ""
        return Markup(
            f'<a class="minutes-register-id" href="{esc(href)}"{title}>{esc(item_id)}</a>'
        )

    def register_status(self, item: RegisterItem) -> Markup:
        """A register item's status badge, and the overdue mark as of the build date."""
        badge = f'<span class="minutes-status {_ITEM_STATUS.get(item.status, "minutes-none")}">'
        overdue = f" {_OVERDUE}" if item.overdue(self.today) else ""
        return Markup(f"{badge}{esc(item.status)}</span>{overdue}")

    def parts_nav(self, parts: list[Part], here: str, what: str) -> Markup:
        """The links to the parts of a long page, this one marked (none on a page in one
        part)."""
        if not (len(parts) > 1 or (parts and parts[0].src != here)):
            return Markup("")
        bits = []
        hrefs = u.relative_many(self.urls.url(here), [self.urls.url(p.src) for p in parts])
        for p, href in zip(parts, hrefs, strict=True):
            years = " ".join(str(y) for y in p.years)
            if p.src == here:
                bit = f'<strong data-years="{years}" aria-current="page">{esc(p.label)}</strong>'
            else:
                bit = f'<a href="{esc(href)}" data-years="{years}">{esc(p.label)}</a>'
            if p.count is not None:
                bit += f' <span class="minutes-none">({p.count})</span>'
            bits.append(bit)
        return Markup(f'<p class="minutes-parts">{esc(what)}: {" · ".join(bits)}</p>\n')

    def part_heading(self, title: str, first: str, here: str, back: str) -> Markup:
        """The heading of one part of a long page, and the link back to its first page."""
        link = f'<a href="{esc(self.urls.rel(here, first))}">{esc(back)}</a>'
        return Markup(f'# {markdown_text(title)}\n\n<p class="minutes-up">{link}</p>')

    # names -------------------------------------------------------------------------------
    def person_name(self, pid: str) -> str:
        return self.archive.person(pid).name

    def group_label(self, gid: str) -> str:
        """A group's short name (its first alias), else its name, else its id."""
        g = self.archive.registry.groups.get(gid)
        return (g.aliases[0] if g.aliases else g.name) if g else gid

    def series_name(self, sid: str) -> str:
        s = self.archive.registry.series.get(sid)
        return s.name if s else sid
