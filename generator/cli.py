"""The `wiki` command. The only place where problems become exit codes."""

from __future__ import annotations

import gc
import sys
import time
from dataclasses import replace
from pathlib import Path

import click

from . import dates, engine, schema
from .diagnostics import Diagnostic, counted, format_report, ordered, summary
from .pipeline import Outcome, check, generate

EXIT_PROBLEMS = 1
ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=".",
    show_default=True,
    help="The wiki's folder: the one holding entities/, docs/ and mkdocs.yml.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build and check the reference wiki from the YAML files in entities/."""
    # The generator makes millions of small objects (YAML nodes) and few reference
    # cycles; Python's cycle collector would scan them over and over (a third of the
    # time at 10,000 entities). Collect rarely; `wiki serve` also freezes what it keeps.
    gc.set_threshold(200_000, 50, 1000)


@main.command("check")
@ROOT_OPTION
@click.option("--format", "style", type=click.Choice(["text", "github", "json"]),
              default="text", show_default=True,
              help="text: file:line:col: message; github: Actions annotations; json: a list.")
@click.option("--strict", is_flag=True,
              help="Fail on warnings too (facts without a source); CI checks this way.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Check dates against this day instead of today (data staged ahead).")
def check_command(root: Path, style: str, strict: bool, today) -> None:
    """Check every entity file, and the hand-written pages under docs/ for markup the
    site leaves out; report every problem; write nothing.

    Exits 0 when all is well (warnings allowed unless --strict), 1 when there are
    problems, 2 on a usage error.
    """
    from .handwritten import check_pages

    require_entities(root)
    if today is not None:
        dates.TODAY = today.date()
    outcome = with_page_problems(check(root), check_pages(root))
    found = [*outcome.problems, *outcome.warnings]
    report(found, style)
    if outcome.problems or (strict and outcome.warnings):
        sys.exit(EXIT_PROBLEMS)
    if style == "text" and not found:
        count = len(outcome.graph.entities)
        click.echo(f"No problems in {counted(count, 'entity', 'entities')}.", err=True)


@main.command("generate")
@ROOT_OPTION
def generate_command(root: Path) -> None:
    """Check the entities, then write their pages into docs/ (no site build)."""
    outcome = generate_or_exit(root)
    written = outcome.written
    if outcome.up_to_date:
        click.echo(f"Nothing changed: the {counted(outcome.page_count, 'file')} in docs/ "
                   f"{'is' if outcome.page_count == 1 else 'are'} up to date.", err=True)
        return
    click.echo(f"Generated {counted(outcome.page_count, 'file')}: "
               f"{len(written.written)} written, {len(written.removed)} removed.", err=True)


@main.command("build")
@ROOT_OPTION
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to put the site  [default: site/ in the root].")
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Fail on any MkDocs warning, such as a broken link.")
@click.option("--offline/--no-offline", default=True, show_default=True,
              help="Also zip the site into the offline copy, dist/<name>-offline.zip "
                   "(<name> from site_name in mkdocs.yml), which the site links for "
                   "download.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes to render and build pages in  [default: one for each CPU].")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages.")
def build_command(root: Path, site_dir: Path | None, strict: bool, offline: bool,
                  jobs: int | None, verbose: bool) -> None:
    """Generate the pages, then build the site with MkDocs into site/ and its
    offline copy (to read from disk, unzipped) into dist/<name>-offline.zip, named
    after site_name in mkdocs.yml.

    If anything fails, the previous pages, site and offline copy stay as they were.
    WIKI_ENGINE=properdocs builds with ProperDocs, MkDocs' maintained fork, instead.
    """
    from .site import SiteError, build_site, quiet_mkdocs_logging

    require_engine()
    started = time.perf_counter()
    entity_count = generate_or_exit(root, jobs, pages=True).entity_count
    gc.collect()  # the generator's data is not needed any more: MkDocs need not scan it
    quiet_mkdocs_logging(verbose)
    target = site_dir or root / "site"
    try:
        archive = build_site(root, target, strict, offline, jobs=jobs)
    except SiteError as error:
        click.echo(f"error: the site was not built: {error}", err=True)
        sys.exit(EXIT_PROBLEMS)
    elapsed = time.perf_counter() - started
    offline_note = f" and the offline copy {archive}" if archive else ""
    click.echo(f"Built {counted(entity_count, 'entity', 'entities')} with {engine.label()} "
               f"into {target}"
               f"{offline_note} in {elapsed:.1f} s.", err=True)


@main.command("serve")
@ROOT_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
              metavar="IP:PORT", help="Where to serve the preview.")
def serve_command(root: Path, dev_addr: str) -> None:
    """Preview the wiki, regenerating pages whenever a YAML file changes.

    Problems in the YAML are printed and the last good pages stay on show.
    WIKI_ENGINE=properdocs previews with ProperDocs instead of MkDocs.
    """
    from .preview import serve
    from .site import quiet_mkdocs_logging  # also silences mkdocs-material's notice

    require_entities(root)
    require_engine()
    quiet_mkdocs_logging(progress=True)  # "Reloading browsers" and the like

    def report_problems(outcome: Outcome) -> None:
        report(outcome, "text")
        click.echo("The preview keeps the last good pages.", err=True)

    serve(root, dev_addr, report_problems)


class TypeName(click.Choice):
    """One of the declared types, as they are when the command runs."""

    def __init__(self) -> None:
        super().__init__([])

    def convert(self, value, param, ctx):
        self.choices = list(schema.MODEL.by_name)
        return super().convert(value, param, ctx)


@main.command("new")
@ROOT_OPTION
@click.argument("type_name", metavar="TYPE", type=TypeName())
@click.argument("entity_id", metavar="ID")
@click.option("--name", help="The entity's English name  [default: from the id].")
def new_command(root: Path, type_name: str, entity_id: str, name: str | None) -> None:
    """Write entities/TYPE/ID.yaml with the required fields filled in and every
    optional field as a comment. Refuses an id that is taken or not a slug."""
    from .scaffold import new_entity_problem, write_new_entity

    problem = new_entity_problem(root, type_name, entity_id)
    if problem:
        click.echo(f"error: {problem}", err=True)
        sys.exit(EXIT_PROBLEMS)
    target = write_new_entity(root, type_name, entity_id, name)
    click.echo(f"Created {target.relative_to(root).as_posix()}", err=True)


@main.command("schema")
@ROOT_OPTION
@click.option("--check", "only_check", is_flag=True,
              help="Write nothing; exit 1 if a file is out of date.")
def schema_command(root: Path, only_check: bool) -> None:
    """Write the files that follow from the type declarations: the editors' JSON Schemas
    (docs/schemas/), VS Code's mapping of folders to them (.vscode/settings.json) and the
    format reference (docs/reference.md)."""
    from .reference import stale_files, write_declared_files

    if only_check:
        stale = stale_files(root)
        for path in stale:
            click.echo(f"{path}: out of date; run `wiki schema` to rewrite it")
        sys.exit(EXIT_PROBLEMS if stale else 0)
    for path in write_declared_files(root):
        click.echo(f"Wrote {path}", err=True)


@main.command("diff")
@ROOT_OPTION
@click.argument("ref", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the full report to this file.")
def diff_command(root: Path, ref: str | None, output: Path | None) -> None:
    """Summarise what the entities in the working tree change against the git
    revision REF (a branch, tag or commit): entities added, removed, renamed and
    changed (old → new), relations gained and lost with their dates, and additions
    without a source. Prints Markdown for a pull-request comment, cut to fit one
    (65,536 characters).

    REF defaults to the branch a pull request would merge into: the default branch of
    the remote `upstream` (in a fork), else of `origin`, else the current branch's
    upstream, else HEAD."""
    from .changes import GitError, default_base, diff, markdown

    ref = ref or default_base(root)
    try:
        changes, before, after = diff(root, ref)
    except GitError as error:
        click.echo(f"error: cannot read the entities at '{ref}': {error}", err=True)
        sys.exit(2)
    if output:
        output.write_text(markdown(changes, before, after, ref, limit=None), encoding="utf-8")
        click.echo(f"Wrote the full report to {output}", err=True)
    click.echo(markdown(changes, before, after, ref), nl=False)


def require_entities(root: Path) -> None:
    """A root without entities/ is a usage error (a wrong --root), not a data problem."""
    if not (root / "entities").is_dir():
        raise click.UsageError(f"{root} has no entities/ folder; run the command in the wiki's "
                               "folder or give it with --root")


def require_engine() -> None:
    """A WIKI_ENGINE that names no engine, or one not installed, is a usage error."""
    if engine.PROBLEM:
        raise click.UsageError(engine.PROBLEM)


def with_page_problems(outcome: Outcome, found: list[Diagnostic]) -> Outcome:
    """`outcome` with the problems `found` in the hand-written pages added."""
    return replace(outcome, problems=ordered(outcome.problems + found)) if found else outcome


def generate_or_exit(root: Path, jobs: int | None = None, pages: bool = False) -> Outcome:
    """Generate the pages, or report the problems and exit. With `pages`, the
    hand-written pages are checked first: with problems there, nothing is written."""
    from .handwritten import check_pages

    require_entities(root)
    page_problems = check_pages(root) if pages else []
    if page_problems:
        outcome = with_page_problems(check(root, jobs=jobs), page_problems)
    else:
        outcome = generate(root, jobs=jobs)
    if outcome.problems:
        report(outcome, "text")
        click.echo("Nothing was written.", err=True)
        sys.exit(EXIT_PROBLEMS)
    return outcome


def report(found, style: str) -> None:
    """Print problems (an outcome's, or a list of problems and warnings)."""
    found = found.problems if isinstance(found, Outcome) else found
    if not found:
        if style == "json":
            click.echo("[]")
        return
    click.echo(format_report(found, style))
    if style == "text":
        click.echo(summary(found), err=True)
