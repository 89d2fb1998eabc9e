"""A closed sprint review as Markdown: the goal and whether it was met, the points, each item with its verdict, the
stakeholders' feedback. User text is escaped (scrum_app.markdown) so it renders as typed; headings and labels are in
the language of the request that asks for the file."""

import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext as _

from boards.models import Status
from reviews.models import Review, Verdict
from reviews.selectors import Row, summary
from scrum_app.markdown import markdown_escape, markdown_lines


def filename(review: Review) -> str:
    return f"review-{review.board.slug}-sprint-{review.sprint.number}.md"


def _goal_met(value: bool | None) -> str:
    return _("not recorded") if value is None else (_("yes") if value else _("no"))


def _row(row: Row) -> str:
    points = "?" if row.item.points is None else str(row.item.points)
    line = f"- #{row.item.pk} {markdown_escape(row.item.title)} ({points})"
    if row.verdict:
        line += f": {Verdict(row.verdict).label}"
    if row.note:
        line += f", {markdown_lines(row.note)}"
    return line


def review_markdown(review: Review) -> str:
    shown = summary(review=review)
    sprint = review.sprint
    day = timezone.localtime(review.closed_at, zoneinfo.ZoneInfo(review.board.time_zone)).date().isoformat()
    lines = [
        "# "
        + _("Sprint review: %(board)s, sprint %(number)s")
        % {"board": markdown_escape(review.board.name), "number": sprint.number},
        "",
        "- " + _("Goal: %(goal)s") % {"goal": markdown_escape(sprint.goal) or _("none")},
        "- " + _("Goal met: %(met)s") % {"met": _goal_met(review.goal_met)},
        "- "
        + _("Committed %(committed)s points, completed %(completed)s")
        % {"committed": shown.committed_points, "completed": shown.completed_points},
        "- " + _("Closed: %(day)s") % {"day": day},
        "",
    ]
    groups = [
        (_("Increment"), shown.increment),
        (Status.PO_REVIEW.label, shown.waiting),
        (_("Not finished"), shown.unfinished),
    ]
    for heading, rows in groups:
        lines += [f"## {heading}", ""]
        lines += [_row(row) for row in rows] or [_("No items.")]
        lines.append("")
    lines += ["## " + _("Stakeholder feedback"), ""]
    for note in shown.feedback:
        author = markdown_escape(note.author.get_username()) if note.author else _("someone")
        backlog = ", " + _("backlog item #%(id)s") % {"id": note.item_id} if note.item_id else ""
        lines.append(f"- {markdown_lines(note.text)} ({author}{backlog})")
    if not shown.feedback:
        lines.append(_("No feedback."))
    return "\n".join(lines) + "\n"
