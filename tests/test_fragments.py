"""Fragments and page kinds of the site layer, on plain strings and small models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from minutes.core.archive import Options, load_archive
from minutes.core.problems import Problems
from minutes.site import fragments as f
from minutes.site.pages import ALL, affected, group_key, keys_of, meeting_key, person_key
from minutes.site.urls import _relative, rebase, relative

from .helpers import REPO, one_meeting_site, record, write_archive

MEETING_HTML = (
    '<h1 id="x">TCM</h1>\n'
    '<h3 id="wp2">WP2<a class="headerlink" href="#wp2">¶</a></h3>\n'
    '<p class="minutes-item-meta"><span>Speaker: A</span></p>\n'
    '<p>Data lake <a href="../../../people/ian-bird/">Ian</a> '
    '<img src="../../../img/x.png"></p>\n'
    "<!-- minutes:end tcm-2021-06-09#wp2 -->\n"
    '<h3 id="cta">CTA</h3>\n<p>Array</p>\n'
    "<!-- minutes:end tcm-2021-06-09#cta -->\n"
)


def test_capture_reports_lifts_each_report_without_its_speaker_line() -> None:
    reports = f.capture_reports(MEETING_HTML, "tcm-2021-06-09")
    assert reports == {
        "tcm-2021-06-09#wp2": '<p>Data lake <a href="../../../people/ian-bird/">Ian</a> '
        '<img src="../../../img/x.png"></p>',
        "tcm-2021-06-09#cta": "<p>Array</p>",
    }


def test_capture_reports_ignores_other_meetings_and_unclosed_marks() -> None:
    assert f.capture_reports(MEETING_HTML, "tcm-2021-06-23") == {}
    assert f.capture_reports("<!-- minutes:end m#wp2", "m") == {}
    assert f.capture_reports("<p>no heading</p><!-- minutes:end m#wp2 -->", "m") == {}


def test_report_marks_round_trip() -> None:
    end = f.report_end("tcm-2021-06-09", "wp2-2")
    assert end == "<!-- minutes:end tcm-2021-06-09#wp2-2 -->"
    html = f"<h2 id=\"wp2-2\">WP2</h2><p>r</p>{end}"
    assert f.capture_reports(html, "tcm-2021-06-09") == {"tcm-2021-06-09#wp2-2": "<p>r</p>"}
    page = "<main>" + f.report_placeholder("tcm-2021-06-09#wp2-2") + "</main>"
    assert f.fill_reports(page, {"tcm-2021-06-09#wp2-2": "<p>r</p>"}.get) == "<main><p>r</p></main>"
    assert f.fill_reports(page, lambda key: None) == "<main></main>"


def test_set_aside_html_is_restored_in_place() -> None:
    html = f"<p>a</p>\n{f.html_marker(1)}\n<p>b</p>{f.html_marker(0)}"
    assert f.restore_html(html, ["<table/>", "<dl/>"]) == "<p>a</p>\n<dl/>\n<p>b</p><table/>"


def test_rebase_links_repoints_relative_links_only() -> None:
    html = (
        '<a href="../../../people/ian-bird/">I</a><a href="#wp2">w</a>'
        '<a href="https://example.org/x">e</a><img src="../../../img/x.png">'
    )
    out = f.rebase_links(html, "meetings/tcm/2021-06-09/", "groups/wp2/")
    assert out == (
        '<a href="../../people/ian-bird/">I</a><a href="#wp2">w</a>'
        '<a href="https://example.org/x">e</a><img src="../../img/x.png">'
    )


def test_relative_and_rebase_links() -> None:
    assert relative("meetings/tcm/2021-06-09/", "people/ian-bird/") == "../../../people/ian-bird/"
    assert relative("", "people/") == "people/"
    assert relative("people/", "people/") == "./"
    assert rebase("../x/#a", "groups/wp2/", "meetings/tcm/2021-06-09/") == "../../../groups/x/#a"
    assert rebase("mailto:a@b", "a/", "b/c/") == "mailto:a@b"


_SEGMENT = st.sampled_from(["meetings", "people", "tcm", "a", "2021-06-09", "index.html", "x.html"])


@given(
    st.lists(_SEGMENT, max_size=4).map("/".join),
    st.lists(_SEGMENT, max_size=4).map("/".join),
    st.booleans(),
    st.booleans(),
)
def test_relative_shortcut_agrees_with_segment_arithmetic(
    here: str, there: str, here_dir: bool, there_dir: bool
) -> None:
    """The shortcut for links into another top folder gives what the general rule gives."""
    here = here + "/" if here_dir and here else here
    there = there + "/" if there_dir and there else there
    assert relative(here, there) == _relative(here, there)


@given(st.text(st.sampled_from("&<>\"'a é;#x")))
def test_esc_escapes_as_markupsafe_does(text: str) -> None:
    from markupsafe import escape

    from minutes.site.templating import esc

    assert esc(text) == str(escape(text))


def test_task_boxes_get_a_name() -> None:
    html = '<input type="checkbox" disabled checked/><input type="checkbox" disabled>'
    assert f.label_task_boxes(html) == (
        '<input type="checkbox" disabled checked aria-label="done"/>'
        '<input type="checkbox" disabled aria-label="open"/>'
    )


def test_keys_of_a_meeting_reach_the_actions_it_follows_up(tmp_path: Path) -> None:
    write_archive(
        tmp_path,
        {
            "tcm/2021/2021-06-09.md": record(
                "date: 2021-06-09\npresent: [Ian Bird]",
                "## WP2\n\n- [ ] Kay Graf: write the plan\n",
            ),
            "tcm/2021/2021-06-23.md": record(
                "date: 2021-06-23\npresent: [Xavier Espinal]",
                "## CTA\n\n- [x] tcm-2021-06-09-1: done\n",
            ),
        },
    )
    archive = load_archive(tmp_path / "meetings", Options(), Problems())
    later = archive.meetings[1]
    keys = keys_of(later, archive)
    assert meeting_key("tcm-2021-06-23") in keys
    assert meeting_key("tcm-2021-06-09") in keys  # its action's page shows it closed
    assert person_key("kay-graf") in keys  # the owner's page lists the action
    assert group_key("wp2") in keys and group_key("cta") in keys
    assert person_key("ian-bird") in keys  # the chair of the series
    assert person_key("mohammad-al-turany") not in keys
    assert affected(frozenset({group_key("wp2")}), keys)
    assert not affected(frozenset({group_key("km3net")}), keys)
    assert affected(ALL, frozenset())


def test_rows_link_and_escape_what_they_show(tmp_path: Path) -> None:
    """site/rows.py: the rows pages repeat, as a group page and actions/ show them."""
    from minutes.site import rows

    site = one_meeting_site(
        tmp_path,
        "date: 2021-06-09\npresent: [Ian Bird]",
        "## WP2\nSpeaker: Kay Graf\n\n- [ ] Kay Graf: fix <b>it</b> (due 2021-06-20)\n",
    )
    action = site.archive.actions["tcm-2021-06-09-1"]
    row = rows.action_log_row(site.links, action, "actions/index.md")
    assert row == (
        '<tr id="tcm-2021-06-09-1" data-owner="kay-graf" data-group="wp2" '
        'data-status="overdue open"><td><a class="minutes-action-id" '
        'href="../meetings/tcm/2021-06-09/#tcm-2021-06-09-1">tcm-2021-06-09-1</a></td>'
        "<td>fix &lt;b&gt;it&lt;/b&gt;</td>"
        '<td><a class="minutes-person" href="../people/kay-graf/">Kay Graf</a></td>'
        '<td><a class="minutes-group" href="../groups/wp2/" title="Data Infrastructure for Open Science">WP2</a></td>'
        '<td><a href="../meetings/tcm/2021-06-09/">2021-06-09</a></td>'
        "<td>2021-06-20</td><td>22</td>"
        '<td><span class="minutes-status minutes-overdue">overdue</span></td><td></td></tr>'
    )
    (entry,) = site.timelines["wp2"]
    html = rows.timeline_entry(site.links, entry, "groups/wp2.md")
    assert html.startswith(
        '<h3 id="tcm-2021-06-09">Technical Coordination Meeting, 9 June 2021</h3>\n'
        '<p class="minutes-item-meta"><a href="../../meetings/tcm/2021-06-09/#wp2">'
        "Technical Coordination Meeting, 2021-06-09</a> · Speaker: "
        '<a class="minutes-person" href="../../people/kay-graf/">Kay Graf</a></p>\n\n'
        '<div class="minutes-report">\n<!-- minutes:report tcm-2021-06-09#wp2 -->\n</div>\n\n'
    )
    assert "<td>2021-06-20</td>" in html and "&lt;b&gt;" in html


def test_macros_for_overriding_templates_give_what_the_helpers_give(tmp_path: Path) -> None:
    """A site's own template may still import _macros.md: its macros call the Python rows."""
    from minutes.site.partition import Part

    (tmp_path / "theme" / "minutes").mkdir(parents=True)
    (tmp_path / "theme" / "minutes" / "probe.md").write_text(
        '{% import "_macros.md" as x with context %}'
        "{{ x.status(a) }}|{{ x.owners(a) }}|{{ x.action_link(a) }}|"
        '{{ x.parts_nav(parts, here, "Years") }}|{{ x.part_heading("T", first, here, "Back") }}'
    )
    site = one_meeting_site(
        tmp_path,
        "date: 2021-06-09\npresent: []",
        "## WP2\n\n- [ ] Kay Graf: x\n",
        template_dirs=(tmp_path / "theme",),
    )
    a = site.archive.actions["tcm-2021-06-09-1"]
    here, first = "actions/2021.md", "actions/index.md"
    parts = [Part([2022], 3, first), Part([2021], 1, here)]
    markdown = site.render("probe.md", here, a=a, parts=parts, here=here, first=first)
    out = site.restore_html(here, markdown)  # the raw HTML blocks were set aside
    links = site.links
    assert out == "|".join(
        [
            str(links.status(a)),
            links.owners(a, here),
            links.action_link(a, here),
            str(links.parts_nav(parts, here, "Years")),
            str(links.part_heading("T", first, here, "Back")),
        ]
    )
    assert 'href="../../meetings/tcm/2021-06-09/#tcm-2021-06-09-1"' in out
    assert '<a href="../">Back</a>' in out


def test_part_heading_escapes_its_title_and_link_text(tmp_path: Path) -> None:
    site = one_meeting_site(tmp_path, "date: 2021-06-09\npresent: []")
    title, back = "<script>x</script> [a](javascript:b)", "<b>Back</b> & 'more'"
    out = site.links.part_heading(title, "groups/wp2.md", "groups/wp2/2019.md", back)
    assert out == (
        "# &lt;script&gt;x&lt;/script&gt; \\[a\\]\\(javascript:b\\)\n\n"
        '<p class="minutes-up"><a href="../">&lt;b&gt;Back&lt;/b&gt; &amp; &#39;more&#39;</a></p>'
    )


def test_meeting_pages_without_jinja_equal_the_packaged_template(tmp_path: Path) -> None:
    """site/meeting_page.py's `meeting_head` makes what templates/meeting.md renders, on every
    meeting of the example archive, of a synthetic one and of one whose values are hostile."""
    import datetime as dt

    from benchmarks.generate import synthesize
    from benchmarks.generate import write_archive as write_synthetic

    from minutes.site import urls as u
    from minutes.site.builder import SiteBuilder
    from minutes.site.meeting_page import render_body
    from minutes.site.urls import Urls

    hostile = "<script>x</script> & 'q' \"d\" [a](javascript:b) *em* #h"
    write_archive(
        tmp_path,
        {
            "tcm/2021/2021-06-09.md": record(
                f"""\
                date: 2021-06-09
                title: '{hostile.replace("'", "''")}'
                start: '09:00'
                end: '10:00'
                location: '{hostile.replace("'", "''")}'
                chair: Ian Bird
                present: [Ian Bird, Kay Graf]
                apologies: [Xavier Espinal]
                tags: ['<b>t</b>']
                links: {{'<i>n</i>': 'https://x.org/?a=1&b="2"'}}
                """,
                "## WP2\nSpeaker: Kay Graf\n\n- [ ] Kay Graf: x\n",
            )
        },
    )
    synthetic = write_synthetic(tmp_path / "synthetic", synthesize(120, 7))
    archives = [tmp_path / "meetings", REPO / "meetings", synthetic / "meetings"]
    checked, pages = 0, {}
    for root in archives:
        archive = load_archive(root, Options(), Problems()).edition(False)
        fast = SiteBuilder(archive, Urls(True), today=dt.date(2026, 12, 1))
        jinja = SiteBuilder(archive, Urls(True), today=dt.date(2026, 12, 1))
        for m in archive.meetings:
            src = u.meeting_src(m)
            series = archive.registry.series.get(m.series)
            members = series.members if series else []
            absent = [p for p in members if p not in m.present and p not in m.apologies]
            body = render_body(jinja.links, m, src, jinja.renderer.set_aside)
            expected = jinja.render("meeting.md", src, m=m, absent=absent, body=body)
            assert fast.meeting_page(m).markdown == expected, src
            assert fast.html_blocks[src] == jinja.html_blocks[src], src
            pages.setdefault(src, expected + "".join(jinja.html_blocks[src]))  # the hostile one
            checked += 1
    assert checked > 100
    page = pages["meetings/tcm/2021-06-09.md"]
    assert "# &lt;script&gt;x&lt;/script&gt; &amp; &#39;q&#39;" in page
    assert "<script>" not in page and "<b>t</b>" not in page and 'b="2"' not in page


def test_a_rebuild_that_changes_nothing_keeps_the_year_parts_and_the_person_pages(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """site/families.py: a part names its year and its family's layout (its links, its
    filters); a person's page names the years of actions/'s parts by a key of its own, so a
    rebuild keeps both while neither changed."""
    import datetime as dt

    from minutes.site import families
    from minutes.site.builder import SiteBuilder
    from minutes.site.pages import Page, PartPage
    from minutes.site.urls import Urls

    monkeypatch.setattr(families, "ACTIONS", 1)  # one year a page: actions/ has a part
    write_archive(
        tmp_path,
        {
            "tcm/2020/2020-11-04.md": record("date: 2020-11-04\npresent: [Kay Graf]", "- [ ] Kay Graf: a\n"),
            "tcm/2021/2021-06-09.md": record("date: 2021-06-09\npresent: [Kay Graf]", "- [ ] Kay Graf: b\n"),
        },
    )
    archive = load_archive(tmp_path / "meetings", Options(), Problems()).edition(False)

    def build(before: dict[str, object] | None) -> tuple[SiteBuilder, dict[str, Page]]:
        site = SiteBuilder(archive, Urls(True), today=dt.date(2021, 7, 1))

        def reuse(src: str, inputs: frozenset[str]) -> Page | None:
            layouts = [k for k in inputs if k.startswith("layout:")]
            if before is None or "*" in inputs:
                return None
            if any(site.layout_values.get(k) != before.get(k) for k in layouts):
                return None
            return PartPage(src=src, markdown="kept", inputs=inputs)

        site.reuse = reuse
        pages = [*site.families.people(), *site.families.actions()]
        return site, {p.src: p for p in pages}

    first, pages = build(None)
    assert pages["actions/2020.md"].inputs == {"year:2020", "layout:actions"}
    assert pages["people/kay-graf.md"].inputs == {"person:kay-graf", "layout:person:actions"}
    assert "kept" not in {p.markdown for p in pages.values()}
    _, again = build(dict(first.layout_values))
    kept = {src for src, p in again.items() if p.markdown == "kept"}
    assert {"actions/2020.md", "people/kay-graf.md", "people/ian-bird.md"} <= kept
    assert "actions/index.md" not in kept and "people/index.md" not in kept
