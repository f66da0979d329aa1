#!/usr/bin/env python3
"""`make mutants`: deliberate small bugs, applied one at a time to a copy of the code; each must make a test fail.

A mutant is a named replacement of one exact text in one file, and the tests expected to notice it. The copy lives
in a temporary directory (the working tree is never touched); the tests run against it with `PYTHONPATH` put in
front of the installed package. A mutant is *killed* when its tests fail, *survived* when they pass (a gap in the
tests: fix the tests), and an *error* when its text is no longer found or the tests cannot start (fix the list).

    .venv/bin/python scripts/mutants.py            # every mutant; prints a line each and the score
    .venv/bin/python scripts/mutants.py NAME ...   # only these
    .venv/bin/python scripts/mutants.py --list
Not in CI: too slow for every push (each mutant runs its tests). Its score goes in the closing note of an issue.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str  # relative to src/procesregie/
    before: str
    after: str
    tests: tuple[str, ...]


ACCESS_TESTS = ("tests/access", "tests/worklists", "tests/meetings/test_visibility.py")

MUTANTS = [
    # --- the five the access-module issue names -------------------------------------------------------------
    Mutant("regie: a table's procesregisseur sees the other tables of the approach", "access/cases.py",
           'Q(table__isnull=True, registration__approach__in=tables.values("approach"))',
           'Q(registration__approach__in=tables.values("approach"))', ACCESS_TESTS),
    Mutant("measurements section shown without its access-log entry", "monitoring/views.py",
           "    selectors.log_read(user=request.user, case=case, request=request)\n", "",
           ("tests/access/test_logged_reads.py", "tests/monitoring")),
    Mutant("audit verify skips the hash check of a chain's first entry", "audit/verify.py",
           'if entry_hash(row) != row["hash"]:', 'if position > 1 and entry_hash(row) != row["hash"]:',
           ("tests/audit",)),
    Mutant("annual report: outflow counts internal transfers", "reporting/annual/definitions.py",
           '"outflow": int(ends_in_year and reason != INTERNAL_TRANSFER)', '"outflow": int(ends_in_year)',
           ("tests/reporting",)),
    Mutant("annual report: whole months ignore the day of the month", "reporting/annual/definitions.py",
           "(end.month - start.month) - (1 if end.day < start.day else 0)", "(end.month - start.month)",
           ("tests/reporting",)),
    # --- one per access rule --------------------------------------------------------------------------------
    Mutant("a deactivated account keeps its access", "access/users.py",
           "return bool(user is not None and user.is_authenticated and user.is_active)",
           "return bool(user is not None and user.is_authenticated)", ACCESS_TESTS),
    Mutant("a removed participant still sees the case", "access/cases.py",
           "organisation_id=organisation_id, removed_at__isnull=True", "organisation_id=organisation_id",
           ACCESS_TESTS),
    Mutant("a partner changes cases it sees", "access/cases.py",
           "    if not is_regisseur(user):\n        return case.objects.none()\n    return case.objects.filter(_regie_condition(user))",
           "    return cases_visible_to(user)", ACCESS_TESTS + ("tests/casework", "tests/plans")),
    Mutant("a partner reads no registrations of its own organisation", "access/cases.py",
           "        condition |= Q(reported_by_id=organisation_id)\n", "", ACCESS_TESTS + ("tests/casework",)),
    Mutant("a procesregisseur triages every approach", "access/cases.py",
           'return registrations_visible_to(user).filter(approach__in=triage_approaches(user).values("pk"))',
           "return registrations_visible_to(user)", ACCESS_TESTS + ("tests/casework",)),
    Mutant("system members of a visible system are not visible", "access/cases.py",
           '        | Q(memberships__system__in=registrations.filter(system__isnull=False).values("system"))\n', "",
           ACCESS_TESTS + ("tests/subjects",)),
    Mutant("a member organisation's partners do not see the table's meetings", "access/meetings.py",
           "        condition |= Q(members=organisation_id)\n", "", ACCESS_TESTS + ("tests/meetings",)),
    Mutant("every procesregisseur directs every table", "access/cases.py",
           "    return table.objects.filter(procesregisseurs=user)\n", "    return table.objects.all()\n",
           ACCESS_TESTS + ("tests/meetings",)),
    Mutant("the functional administrator maintains no table", "access/meetings.py",
           "return table.objects.all() if is_functional_admin(user) else table.objects.none()",
           "return table.objects.none()", ACCESS_TESTS + ("tests/meetings",)),
    Mutant("a partner sets the status of any intervention of a case it sees", "access/plans.py",
           "intervention.objects.filter(organisation_id=organisation_id, case__in=",
           "intervention.objects.filter(case__in=", ACCESS_TESTS + ("tests/plans",)),
    Mutant("the partner rule ignores the organisation on the case page", "access/plans.py",
           "return bool(organisation_id) and intervention.organisation_id == organisation_id",
           "return bool(organisation_id)", ("tests/plans",)),
    Mutant("a manager registers", "access/capabilities.py",
           "return is_partner(user) or (is_regisseur(user)", "return is_manager(user) or is_partner(user) or (is_regisseur(user)",
           ACCESS_TESTS + ("tests/casework",)),
    Mutant("a partner sees the annual report", "access/capabilities.py",
           "SEE_AGGREGATES: lambda user: is_manager(user) or is_regisseur(user)",
           "SEE_AGGREGATES: lambda user: is_active(user)", ACCESS_TESTS + ("tests/reporting/test_web.py",)),
    Mutant("anyone reviews the access log", "access/capabilities.py",
           "REVIEW_ACCESS_LOG: is_privacy_officer", "REVIEW_ACCESS_LOG: is_active",
           ACCESS_TESTS + ("tests/privacy",)),
    Mutant("can() answers from another builder than the list", "access/rules.py",
           '("casework.Case", CHANGE): cases_changeable_by,', '("casework.Case", CHANGE): cases_visible_to,',
           ACCESS_TESTS + ("tests/casework",)),
    Mutant("a known person the partner may not see is announced", "casework/services/registrations.py",
           "if match is not None and match.pk in visible)", "if match is not None)",
           ("tests/casework/test_registration_flow.py", "tests/casework/test_service_access.py")),
    # --- one per report definition (shared/spec/annual-report.md) --------------------------------------------
    Mutant("annual report: start counts a trajectory that began on the first day", "reporting/annual/definitions.py",
           "in_regie_on_first = start < first and", "in_regie_on_first = start <= first and",
           ("tests/reporting",)),
    Mutant("annual report: inflow counts transfers in", "reporting/annual/definitions.py",
           '"inflow": int(starts_in_year and not transferred)', '"inflow": int(starts_in_year)',
           ("tests/reporting",)),
    Mutant("annual report: end counts a trajectory that ended on the last day", "reporting/annual/definitions.py",
           "(end is None or end > last)", "(end is None or end >= last)", ("tests/reporting",)),
    Mutant("annual report: a duration bucket's upper bound is inclusive", "reporting/annual/definitions.py",
           "if months >= low and (high is None or months < high):",
           "if months >= low and (high is None or months <= high):", ("tests/reporting",)),
    Mutant("annual report: a progress delta of zero is a gain", "reporting/annual/definitions.py",
           'return f"+{delta}" if delta > 0 else str(delta)', 'return f"+{delta}" if delta >= 0 else str(delta)',
           ("tests/reporting",)),
    # --- background builds of report files -------------------------------------------------------------------
    Mutant("report builds: a build of other options is handed out as if it were the same", "reporting/builds.py",
           "text = json.dumps([file_format, figures, suppress_below, language]",
           "text = json.dumps([file_format, figures, language]", ("tests/reporting/test_builds.py",)),
    Mutant("report builds: a dead builder keeps its build forever", "reporting/builds.py",
           "heartbeat_at__lt=now - STALE)", "heartbeat_at__lt=now - 1000 * STALE)",
           ("tests/reporting/test_builds.py",)),
    Mutant("annual report PDF: a name from the database is read as paragraph markup", "reporting/rendering/paper/styles.py",
           "    return escape(str(text))", "    return str(text)", ("tests/reporting/test_rendering_pdf.py",)),
    Mutant("annual report PDF: a chart's caption may be parted from its chart", "reporting/rendering/paper/charts.py",
           '("NOSPLIT", (0, 0), (-1, -1)), ', "", ("tests/reporting/test_paper_charts.py",)),
    Mutant("case page: the later registrations read only when none followed the case", "casework/selectors/cases.py",
           ") if case.has_later_registrations else []", ") if not case.has_later_registrations else []",
           ("tests/casework/test_closing_and_reopening.py",)),
    Mutant("report charts: a text written into the SVG unescaped", "reporting/rendering/svg_drawing.py",
           ">{escape(text.text)}</text>", ">{text.text}</text>", ("tests/reporting/test_rendering_charts.py",)),
    Mutant("case page: every relation prefetched, also those without rows", "core/prefetching.py",
           "        if relation not in present:\n            _fill_empty(instance, relation)\n",
           "        present.add(relation)\n", ("tests/casepage/test_case_page.py",)),
    Mutant("case page: a relation with rows taken for one without", "core/prefetching.py",
           "if has_rows}", "if not has_rows}", ("tests/casepage/test_case_page.py",)),
    Mutant("case page: the previous case linked whether or not the user may see it", "casework/selectors/cases.py",
           'previous = cases_visible_to(user).select_related("registration")',
           'previous = Case.objects.select_related("registration")', ("tests/casework/test_closing_and_reopening.py",)),
    Mutant("case page: a decision's agreed intervention read per decision", "meetings/selectors.py",
           'queryset=Decision.objects.select_related("owner", "owner_person").prefetch_related(\n'
           '            Prefetch("case_intervention", queryset=interventions)\n        ),',
           'queryset=Decision.objects.select_related("owner", "owner_person"),', ("tests/casepage/test_case_page.py",)),
    Mutant("measurement chart: an attribute value with quotes or markup written as it is", "monitoring/chart.py",
           "return quoteattr(value) if _NEEDS_QUOTING.search(value) else", "return", ("tests/monitoring/test_chart.py",)),
    Mutant("forms: the select's option labels written unescaped", "core/templates/django/forms/widgets/select.html",
           ">{{ option.label }}</option>", ">{{ option.label|safe }}</option>", ("tests/core/test_form_rendering.py",)),
    Mutant("forms: a chosen option not marked selected", "core/templates/django/forms/widgets/select.html",
           "{% if value is not False %}", "{% if value is not True %}", ("tests/core/test_form_rendering.py",)),
    Mutant("console: a command runs with the garbage collector still off", "cli.py",
           "                gc.freeze()\n                gc.enable()\n", "                gc.freeze()\n",
           ("tests/core/test_console.py",)),
    Mutant("console: the start-up's objects not frozen", "cli.py",
           "                gc.freeze()\n", "", ("tests/core/test_console.py",)),
    Mutant("app server: the master's objects not frozen before a worker is forked", "config/gunicorn.py",
           "    gc.freeze()\n", "    pass\n", ("tests/core/test_app_server.py",)),
    # --- forms fetched when their fold opens (issue 11) -----------------------------------------------------------
    Mutant("the participant add form fetched without its access-log entry", "casework/views/case_actions.py",
           "    selectors.log_case_read(user=request.user, case=case, request=request)\n"
           "    return render(request, \"casework/_participant_add_form.html\", context)",
           "    return render(request, \"casework/_participant_add_form.html\", context)",
           ("tests/casework/test_case_actions.py",)),
    Mutant("the procesregisseur form fetched without its access-log entry", "casework/views/case_actions.py",
           "    if fetched:\n        selectors.log_case_read(user=request.user, case=case, request=request)\n",
           "    if fetched:\n", ("tests/casework/test_regisseur.py",)),
    Mutant("the escalation form rendered with every case page again", "escalations/templates/escalations/_case_escalations.html",
           "{% include \"core/_on_demand.html\" with url=raise_url text=raise_text %}",
           "{% include \"escalations/_raise_form.html\" %}", ("tests/escalations/test_views.py",)),
    # --- the work list's overdue interventions: the longest overdue, and all of them a page at a time (issue 11) ---
    Mutant("the full list of overdue interventions without its access-log entries", "worklists/selectors.py",
           "    log_subjects_shown(user=user, cases=[item.case for item in page.object_list], request=request)\n", "",
           ("tests/worklists/test_worklist.py",)),
    Mutant("the work list shows every overdue intervention again", "worklists/selectors.py",
           ".annotate(total=Window(Count(\"pk\")))[:OVERDUE_SHOWN])", ".annotate(total=Window(Count(\"pk\"))))",
           ("tests/worklists/test_worklist.py",)),
    Mutant("the full list of overdue interventions for a role without case content", "worklists/views.py",
           "def overdue(request):\n    \"\"\"All the overdue interventions of the work list, a page at a time.\"\"\"\n"
           "    if not may(request.user, SEE_CASES):\n        raise Http404\n",
           "def overdue(request):\n", ("tests/access/test_matrix.py",)),
    Mutant("the case page lets a procesregisseur who is also a ketenpartner change every case they see",
           "access/cases.py", "    if partner_organisation_id(user) is None:\n        return case is not None",
           "    if True:\n        return case is not None", ("tests/access/test_rules.py",)),
    Mutant("triage: registrations at other approaches than those of one's tables", "access/cases.py",
           "        condition, approach__in=tables_directed_by(user).values(\"approach\"), destroyed_on__isnull=True",
           "        condition, destroyed_on__isnull=True", ("tests/access/test_rules.py", "tests/casework/test_triage.py")),
    # --- rules built once per request, dates and menu links kept (issue 11) ---
    Mutant("a rule kept for the request hands every caller the same queryset, rows and all", "access/per_request.py",
           "        return memo[key].all()", "        return memo[key]", ("tests/access/test_per_request.py",)),
    Mutant("a rule kept for the request ignores that the user was made inactive", "access/per_request.py",
           "        key = (builder.__qualname__, target.is_active, ", "        key = (builder.__qualname__, ",
           ("tests/access/test_per_request.py",)),
    Mutant("a rule kept for the request keeps yesterday's participations", "access/per_request.py",
           "target.role_set(),\n               timezone.localdate())", "target.role_set())",
           ("tests/access/test_per_request.py",)),
    Mutant("a date's text kept without its language", "core/templatetags/dates.py",
           "        return _date_text(value, arg, get_language())", "        return _date_text(value, arg, None)",
           ("tests/core/test_dates.py",)),
    Mutant("a path kept without the installation's path prefix", "core/paths.py",
           "current_app, get_script_prefix(),", "current_app, \"/\",",
           ("tests/core/test_links.py", "tests/worklists/test_navigation.py")),
    Mutant("{% url ... as name %} prints the path instead of keeping it in the variable", "core/templatetags/links.py",
           "        if self.asvar:\n            context[self.asvar] = path\n            return \"\"\n", "",
           ("tests/core/test_links.py",)),
    Mutant("a path kept without its keyword arguments", "core/paths.py",
           "args=args, kwargs=dict(kwargs), current_app", "args=args, kwargs={}, current_app", ("tests/core/test_links.py",)),
    # --- a test that reads the clock on import (fails when the run crosses midnight) ---------------------------
    Mutant("a parametrize argument dated on import again", "../../tests/plans/test_services.py",
           '({"agreed_on": days(1)}, "in de toekomst")',
           '({"agreed_on": TODAY() + datetime.timedelta(days=1)}, "in de toekomst")', ("tests/test_clock_at_import.py",)),
    # --- the interpreter .venv is made with ------------------------------------------------------------------------
    Mutant("the distribution's Python never chosen", "../../scripts/python-for-venv",
           '    echo "$candidate"\n    exit 0', '    echo python3\n    exit 0',
           ("tests/core/test_python_for_venv.py::test_the_distributions_python_is_chosen_when_it_can_make_a_virtualenv",)),
]
def copy_tree(target: Path) -> None:
    for name in ("src", "tests", "scripts", "pyproject.toml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target / name)
    for name in ("node_modules", ".venv", "var"):  # read-only or regenerated: shared with the working tree
        if (ROOT / name).exists():
            (target / name).symlink_to(ROOT / name)


def run(mutant: Mutant, copy: Path) -> tuple[str, float]:
    path = copy / "src" / "procesregie" / mutant.path
    original = path.read_text()
    if original.count(mutant.before) != 1:
        return "error: text not found once", 0.0
    path.write_text(original.replace(mutant.before, mutant.after))
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.monotonic()
    try:
        result = subprocess.run(
            [str(ROOT / ".venv/bin/python"), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
             "-m", "not browser", *mutant.tests],
            cwd=copy, env=env, capture_output=True, text=True,
        )
    finally:
        path.write_text(original)
    elapsed = time.monotonic() - started
    if result.returncode == 1:
        return "killed", elapsed
    if result.returncode == 0:
        return "SURVIVED", elapsed
    return f"error: pytest exit {result.returncode}: {result.stdout.strip().splitlines()[-1:]}", elapsed


def main(argv: list[str]) -> int:
    if "--list" in argv:
        for mutant in MUTANTS:
            print(mutant.name)
        return 0
    chosen = [m for m in MUTANTS if not argv or m.name in argv]
    with tempfile.TemporaryDirectory(prefix="procesregie-mutants-") as directory:
        copy = Path(directory)
        copy_tree(copy)
        outcomes = []
        for mutant in chosen:
            outcome, seconds = run(mutant, copy)
            outcomes.append(outcome)
            print(f"{outcome:10.10} {seconds:6.1f} s  {mutant.name}", flush=True)
    killed = outcomes.count("killed")
    print(f"\nmutation score: {killed}/{len(outcomes)} killed"
          f" ({outcomes.count('SURVIVED')} survived, {len(outcomes) - killed - outcomes.count('SURVIVED')} errors)")
    return 0 if killed == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
