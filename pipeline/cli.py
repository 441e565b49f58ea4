"""The ``l10n`` command: parse options, call a stage, report. No logic lives here.

Every command takes the project from ``--project DIR`` (default: the nearest
folder holding ``l10n.toml``). Errors from the stages are printed as one line,
``path:line: what is wrong (what to do)``, with the error's exit code.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline import config as config_module
from pipeline.errors import L10nError

if TYPE_CHECKING:
    from pipeline.build import Report


class Group(click.Group):
    """Maps the pipeline's errors to one message line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except L10nError as error:
            click.echo(f"l10n: error: {error}", err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("l10n: interrupted; finished work was saved, re-run to continue", err=True)
            ctx.exit(130)


def load_config(ctx: click.Context) -> config_module.Config:
    project: Path | None = ctx.find_root().params.get("project")
    root = project if project is not None else config_module.find_root(Path.cwd())
    return config_module.load(root)


def locales_option(config: config_module.Config, chosen: tuple[str, ...]) -> tuple[str, ...]:
    for code in chosen:
        if code not in config.locales:
            raise click.BadParameter(
                f"'{code}' is not one of the project's locales ({', '.join(config.locales)})", param_hint="--locale"
            )
    return tuple(dict.fromkeys(chosen)) or config.locales  # "-l fr -l fr" is fr once


def jobs_option(function: Any) -> Any:
    """``--jobs N``: processes for the stage (default: every core this process may use)."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        help="Processes to use (default: the number of cores). Output is the same for any number.",
    )(function)


def cache_option(function: Any) -> Any:
    """``--no-cache``: do all the work again, as if .l10n-cache/ were empty (and do not fill it)."""
    return click.option(
        "--no-cache", is_flag=True, help="Ignore .l10n-cache/ (results of earlier runs) and redo all the work."
    )(function)


def cache_for(config: config_module.Config, no_cache: bool) -> Any:
    from pipeline.cache import Cache

    return Cache(None if no_cache else config.root)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    "-C",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder (holding l10n.toml). Default: found from the current folder up.",
)
@click.version_option(package_name="l10n", prog_name="l10n")
def main(project: Path | None) -> None:
    """Offline translation and localisation of text, Markdown and HTML documents.

    \b
    The loop, on a project made by 'l10n init':
      l10n extract     source/*  -> locales/<doc>.pot
      l10n update      *.pot     -> locales/<lang>/LC_MESSAGES/<doc>.po
      l10n translate   fill untranslated entries offline (machine, fuzzy)
      l10n check       find errors in translations
      l10n serve       review them in the browser (or use any PO editor)
      l10n status      how far each language has come
      l10n build       -> dist/<lang>/<doc>.<ext>, dist/index.html
      l10n release     -> release-<version>.tar.gz and .zip

    \b
    Catalogs another tool made ([catalogs] in l10n.toml) and CAT tools:
      l10n translate FILE.po   pre-fill catalogs, in a project or not
      l10n export / import     XLIFF 2.0 or 1.2 to and from a CAT tool
      l10n tm export / import  TMX 1.4b translation memories

    \b
    Exit codes: 0 done; 1 an error in the input or a failed check;
    2 bad configuration or usage; 130 interrupted (finished work is kept).
    """


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
def init(folder: Path) -> None:
    """Start a project in FOLDER: a commented l10n.toml and a source/ folder.

    \b
    Example:
      l10n init my-docs && cd my-docs
    """
    target = config_module.start(folder)
    click.echo(f"wrote {target}; put documents in {folder / 'source'} and run 'l10n extract'")


@main.command()
@jobs_option
@cache_option
@click.pass_context
def extract(ctx: click.Context, jobs: int | None, no_cache: bool) -> None:
    """Split every source document into segments and write locales/<doc>.pot.

    A template whose entries did not change is left untouched; a document
    unchanged since the last run is not even parsed (.l10n-cache/).

    \b
    Example:
      l10n extract
      l10n extract --jobs 4
    """
    from pipeline.extract import extract as run
    from pipeline.extract import orphaned

    config = load_config(ctx)
    results = run(config, jobs=jobs, cache=cache_for(config, no_cache))
    for item in results:
        state = "written" if item.written else "unchanged"
        click.echo(f"{config.relative(item.pot)}: {item.entries} entries from {item.segments} segments ({state})")
    if not results:
        click.echo(f"no documents in {config.relative(config.source_dir)}")
    for pot in orphaned(config):
        click.echo(
            f"note: {config.relative(pot)} has no source document any more ('l10n update' still merges it); "
            "delete it, and its .po files once their translations are no longer needed",
            err=True,
        )


@main.command()
@click.option("--locale", "-l", "locales", multiple=True, help="Only this locale (repeatable).")
@jobs_option
@cache_option
@click.pass_context
def update(ctx: click.Context, locales: tuple[str, ...], jobs: int | None, no_cache: bool) -> None:
    """Create or merge locales/<lang>/LC_MESSAGES/<doc>.po from the templates.

    Translations are kept; changed entries become fuzzy with their previous
    source; vanished entries become obsolete (#~), never deleted.

    \b
    Example:
      l10n update --locale fr
    """
    from pipeline.update import update as run

    config = load_config(ctx)
    for item in run(config, locales_option(config, locales), jobs=jobs, cache=cache_for(config, no_cache)):
        state = "created" if item.created else "merged" if item.written else "unchanged"
        click.echo(
            f"{config.relative(item.po)}: {state}; {item.translated} translated, {item.fuzzy} fuzzy, "
            f"{item.untranslated} untranslated, {item.obsolete} obsolete"
        )


@main.command()
@click.option("--locale", "-l", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option(
    "--policy", type=click.Choice(["reviewed", "draft"]), help="Which translations to use (default from l10n.toml)."
)
@jobs_option
@cache_option
@click.pass_context
def build(ctx: click.Context, locales: tuple[str, ...], policy: str | None, jobs: int | None, no_cache: bool) -> None:
    """Rebuild every document in every locale into dist/<lang>/, with .mo files,
    dist/index.html and dist/manifest.json.

    A segment without an accepted translation keeps the source text; a document
    below its locale's min_reviewed percentage is not published. Only changed
    files are written. Exit code 1 if a catalog cannot be compiled.

    In a project whose catalogs another tool made ([catalogs] in l10n.toml),
    build compiles each catalog into a .mo beside it instead (django.po ->
    django.mo), where gettext, Sphinx and Django look for it.

    \b
    Examples:
      l10n build
      l10n build --locale es --policy draft
      l10n build --jobs 1 --no-cache     # one process, everything redone
    """
    from pipeline.build import build as run

    config = load_config(ctx)
    if config.external:
        compile_in_place(config, locales_option(config, locales), policy or config.build.policy)
        return
    chosen = locales_option(config, locales) if locales else None
    report_build(config, run(config, chosen, policy, jobs=jobs, cache=cache_for(config, no_cache)))


def compile_in_place(config: config_module.Config, locales: tuple[str, ...], policy: str) -> None:
    """``l10n build`` on external catalogs: a .mo beside each .po; fail if one does not compile."""
    from pipeline import external
    from pipeline.errors import BuildError

    done, errors = external.compile_in_place(config, locales, policy)
    for item in done:
        state = "written" if item.written else "unchanged"
        click.echo(f"{config.relative(item.mo)}: {item.messages} messages ({state})")
    for error in errors:
        click.echo(f"error: {error}", err=True)
    click.echo(f"{len(done)} catalog{'' if len(done) == 1 else 's'} compiled ({policy} translations)", err=True)
    if errors:
        raise BuildError(f"{len(errors)} catalog error(s); their .mo files were not written")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--locale", "-l", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--doc", "-d", "docs", multiple=True, help="Only this document: locales/<doc>.pot (repeatable).")
@click.option("--source-language", help="With FILES outside a project: the language of the msgids (default: en).")
@click.option("--engine", "-e", help="Use this engine for every chosen locale (argos, apertium, pivot, pseudo).")
@click.option(
    "--batch-size", type=click.IntRange(min=1), help="Segments per engine call and save (default: about 10 s of work)."
)
@click.option("--dry-run", is_flag=True, help="Say what would be translated, by which engine; change nothing.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Engine processes on this machine (each loads its own model). Default: one per core for Apertium "
    "when 1,000 segments or more are to be sent, else 1 (this process).",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Run the engine on the workers of this Dask scheduler (tcp://host:8786); default [translate] cluster.",
)
@click.pass_context
def translate(
    ctx: click.Context,
    files: tuple[Path, ...],
    locales: tuple[str, ...],
    docs: tuple[str, ...],
    source_language: str | None,
    engine: str | None,
    batch_size: int | None,
    dry_run: bool,
    jobs: int | None,
    cluster: str | None,
) -> None:
    """Fill the untranslated entries of the catalogs by machine translation, offline.

    Exact matches from the locale's other catalogs (and [translate] compendium)
    are reused first; each distinct segment goes to the engine once. Results
    are fuzzy, with an 'l10n: machine ...' comment, for a reviewer to check.
    Catalogs are saved after every batch: Ctrl-C loses at most one batch and a
    re-run continues (SIGTERM, as from kill or a CI timeout, too). A locale with
    no engine gets one line saying how to get one.

    FILES: pre-fill these .po catalogs, in a project or outside any (a
    one-off, with the default settings); each file's language is --locale,
    else the folder above LC_MESSAGES, else its Language header.

    \b
    Examples:
      l10n translate
      l10n translate --locale es --dry-run
      l10n translate --locale fr --engine pivot
      l10n translate --jobs 2                       # two Apertium processes
      l10n translate --jobs 1                       # this process only
      l10n translate --cluster tcp://10.0.0.5:8786  # workers of a Dask cluster
      l10n translate locale/es/LC_MESSAGES/django.po
    """
    from pipeline.progress import Progress, interruptible
    from pipeline.translate import Options
    from pipeline.translate import translate as run

    if files:
        if docs:
            raise click.BadParameter("give either catalog FILES or --doc", param_hint="--doc")
        if has_project(ctx):
            config = load_config(ctx)
            if source_language:
                raise click.BadParameter("the project's l10n.toml sets it", param_hint="--source-language")
        else:
            config = config_module.standalone(Path.cwd(), source_language or "en")
        options = Options(tuple(dict.fromkeys(locales)), (), engine, dry_run, batch_size, jobs, cluster, files)
    else:
        config = load_config(ctx)
        options = Options(locales_option(config, locales), docs, engine, dry_run, batch_size, jobs, cluster)
    with interruptible():
        summary = run(config, options, reporter=Progress())
    from pipeline.evaluate import quote

    for item in summary.locales:
        for problem in item.skipped:
            click.echo(f"l10n: error: {problem}", err=True)
        route = item.route
        if route is not None and item.pending and route.engine != "pseudo":
            measured = quote(config, item.locale, route)
            said = f"measured by 'l10n engines evaluate': {measured}" if measured else "not evaluated"
            click.echo(f"{item.locale}: route {route.label}; {said}")
        click.echo(f"{item.locale}: {item.describe(dry_run)}")
    ctx.exit(summary.exit_code)


@main.command()
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; not loopback: --token too.")
@click.option("--token", help="Secret every browser must present (open the printed address once).")
@click.option(
    "--reviewer",
    metavar="'NAME <MAIL>'",
    help="Who signs the changes (Last-Translator, '# l10n: reviewed by'); default: git config user.name/email.",
)
@click.pass_context
def serve(ctx: click.Context, port: int, host: str, token: str | None, reviewer: str | None) -> None:
    """Review translations in the browser: a local page over the same .po files.

    Edits are saved straight into locales/<lang>/LC_MESSAGES/<doc>.po; a file
    changed on disk meanwhile is never overwritten (you choose). Each approval
    or edit is signed in the entry ('# l10n: reviewed by NAME <MAIL> on DATE')
    and as the catalog's Last-Translator. Ctrl-C stops.

    \b
    Examples:
      l10n serve                 # then open http://127.0.0.1:8765/
      l10n serve --reviewer "Ana Ruiz <ana@example.org>"
      l10n serve --host 0.0.0.0 --token s3cret-words
    """
    from pipeline.serve.app import serve as run
    from pipeline.serve.identity import reviewer_from_git, valid_reviewer

    config = load_config(ctx)
    if reviewer is not None and not valid_reviewer(reviewer):
        raise click.BadParameter(
            "expected 'Name <mail>', for example 'Ana Ruiz <ana@example.org>'", param_hint="--reviewer"
        )
    signed = reviewer if reviewer is not None else reviewer_from_git(config.root)
    run(config, host=host, port=port, token=token, echo=click.echo, reviewer=signed)


def report_build(config: config_module.Config, report: Report) -> None:
    """Print a build's unpublished documents, warnings and totals; fail on compile errors."""
    from pipeline.build import summary
    from pipeline.errors import BuildError

    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for line in summary(report, config):
        click.echo(line)
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    if report.errors:
        raise BuildError(f"{len(report.errors)} catalog error(s); their .mo files were not written")


@main.command()
@click.option("--version", "-V", "version", required=True, help="Release version, used in the archive names: 1.2.0.")
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the archives. Default: the project folder.",
)
@click.option(
    "--policy", type=click.Choice(["reviewed", "draft"]), help="Which translations to use (default from l10n.toml)."
)
@click.pass_context
def release(ctx: click.Context, version: str, output: Path | None, policy: str | None) -> None:
    """Build everything, then pack dist/ into release-VERSION.tar.gz and .zip.

    The same inputs give byte-identical archives (sorted entries, fixed times:
    SOURCE_DATE_EPOCH or 1980-01-01). Nothing is packed if a catalog has errors.

    \b
    Examples:
      l10n release --version 1.0.0
      l10n release --version 1.0.0-rc1 --output /tmp/out
    """
    from pipeline.release import check_version
    from pipeline.release import release as run

    try:
        check_version(version)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--version") from None
    config = load_config(ctx)
    result = run(config, version, output, policy)
    report_build(config, result.report)
    for archive in result.archives:
        click.echo(f"wrote {config.relative(archive)} ({result.files} files)")
    for archive in result.replaced:
        click.echo(
            f"warning: {config.relative(archive)} already existed with other content and was replaced; "
            f"if version {version} was already published, give this one a new version",
            err=True,
        )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--locale", "-l", "locales", multiple=True, help="Only catalogs of this locale (repeatable).")
@click.option(
    "--format",
    "form",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
    help="text: path:line: severity id: message; json for tools; junit XML for CI.",
)
@click.option(
    "--fix", is_flag=True, help="Mend what is safe (leading, trailing and double spaces) and say what changed."
)
@click.option("--enable", "enabled", multiple=True, help="Run an opt-in check too, e.g. --enable untranslated.")
@click.option("--list", "list_checks", is_flag=True, help="List the checks (id, severity, title) and exit.")
@jobs_option
@click.pass_context
def check(
    ctx: click.Context,
    paths: tuple[Path, ...],
    locales: tuple[str, ...],
    form: str,
    fix: bool,
    enabled: tuple[str, ...],
    list_checks: bool,
    jobs: int | None,
) -> None:
    """Check translations: tags, format strings, numbers, links, punctuation, scripts...

    PATHS are .po files or folders (default: every catalog of the project).
    Exit status: 0 no errors (warnings allowed), 1 errors found, 2 a catalog
    could not be read (it is reported as file:line and skipped; the others are
    still checked). Silence one check on one entry with a translator comment
    '# l10n: ignore numbers'; tune per locale in l10n.toml (README: Checks).

    \b
    Examples:
      l10n check
      l10n check --locale fr --format junit > check.xml
      l10n check locales/es/LC_MESSAGES/press.po --fix
      l10n check --list
    """
    from pipeline import checks, report

    if list_checks:
        click.echo(report.check_list())
        return
    unknown = checks.unknown_ids(enabled)
    if unknown:
        raise click.BadParameter(f"no check named {', '.join(unknown)} ('l10n check --list')", param_hint="--enable")
    config = load_config(ctx) if not paths or has_project(ctx) else None
    if config is not None and not paths and locales:
        locales_option(config, locales)  # a typo must not pass CI as "0 errors in 0 catalogs"
    from pipeline.progress import Progress

    results = checks.run(
        list(paths),
        config,
        locales=locales,
        enabled=frozenset(enabled),
        fix=fix,
        processes=jobs,
        reporter=Progress(unit="catalogs"),
    )
    output = report.render(results, form)
    if output:
        click.echo(output)
    click.echo(report.summary(results), err=True)
    found = report.counts(results)
    ctx.exit(2 if found["unreadable"] else 1 if found[checks.ERROR] else 0)


def has_project(ctx: click.Context) -> bool:
    """Whether there is a project to take settings from (loose .po files can be checked without one)."""
    if ctx.find_root().params.get("project") is not None:
        return True
    try:
        config_module.find_root(Path.cwd())
    except L10nError:
        return False
    return True


@main.command()
@click.option("--locale", "-l", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option(
    "--format",
    "form",
    type=click.Choice(["table", "json", "md"]),
    default="table",
    show_default=True,
    help="table for a terminal, json for tools, md for a report.",
)
@click.option(
    "--min-reviewed",
    type=click.FloatRange(0, 100),
    metavar="N",
    help="Exit 1 if a locale has less than N% of its words reviewed (for CI).",
)
@click.pass_context
def status(ctx: click.Context, locales: tuple[str, ...], form: str, min_reviewed: float | None) -> None:
    """How far each language has come: reviewed, machine, needs review, untranslated.

    Per locale and document: entries/words in each review state, check
    errors, and the percentage of words reviewed, with totals.

    \b
    Examples:
      l10n status
      l10n status --format md > STATUS.md
      l10n status --min-reviewed 80     # CI: fail while a locale is below 80%
    """
    from pipeline import status as status_module

    config = load_config(ctx)
    rows = status_module.collect(config, locales_option(config, locales))
    click.echo(status_module.render(rows, form, unicode=sys.stdout.isatty()))
    for row in rows:
        if row.unreadable:
            click.echo(f"l10n: error: {row.unreadable}", err=True)
    if min_reviewed is not None:
        for row in status_module.below(rows, min_reviewed):
            click.echo(f"l10n: {row.locale} is {row.reviewed:.1f}% reviewed, below {min_reviewed:g}%", err=True)
        if status_module.below(rows, min_reviewed):
            ctx.exit(1)
    if any(row.unreadable for row in rows):
        ctx.exit(2)


@main.group()
def engines() -> None:
    """Routes to each locale through the installed engines, measured on your own reviewed text.

    \b
    Examples:
      l10n engines routes
      l10n engines evaluate --locale fr
      l10n engines evaluate --apply
    """


@engines.command("routes")
@click.option("--locale", "-l", "locales", multiple=True, help="Only this locale (repeatable).")
@click.pass_context
def engines_routes(ctx: click.Context, locales: tuple[str, ...]) -> None:
    """List every route to each locale: engines with the pair, and pivots through any installed language.

    \b
    Example:
      l10n engines routes --locale fr
    """
    from pipeline.languages import language
    from pipeline.routes import Finder, pair_for

    config = load_config(ctx)
    finder = Finder(config)
    for code in locales_option(config, locales):
        if language(code).pseudo:
            continue
        pair = pair_for(config, code)
        found = finder.routes(pair)
        shown = ", ".join(f"{route.label} ({route.path(pair)})" for route in found)
        click.echo(f"{code}: {shown or f'no installed engine reaches {pair.source}→{pair.target}'}")


@engines.command("evaluate")
@click.option("--locale", "-l", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--sample", "-n", type=click.IntRange(min=1), help="Entries per route (default: [evaluate] sample, 200).")
@click.option(
    "--reference",
    "-r",
    "reference",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Reference translations (.po or .tmx) besides the reviewed entries; {locale} stands for the code.",
)
@click.option("--apply", is_flag=True, help="Write each locale's best route into l10n.toml ([locales.<code>]).")
@click.pass_context
def engines_evaluate(
    ctx: click.Context, locales: tuple[str, ...], sample: int | None, reference: Path | None, apply: bool
) -> None:
    """Translate reviewed entries along every route and score each against the reviewed text.

    The references are the locale's reviewed entries (held out: the engines see
    only the source), plus [evaluate] reference or --reference. Per locale a
    table gives chrF++ and BLEU (sacrebleu), protected tokens kept (placeholders,
    numbers, names, do-not-translate terms), segments per second and unknown
    words. With --apply the best route is written into l10n.toml and the diff
    shown; 'l10n translate' then takes it and quotes its score.

    \b
    Examples:
      l10n engines evaluate --locale fr --sample 100
      l10n engines evaluate --reference refs/{locale}.po --apply
    """
    from pipeline import evaluate as evaluation
    from pipeline.languages import language
    from pipeline.routes import Finder

    config = load_config(ctx)
    finder = Finder(config)
    setting = str(reference) if reference else config.evaluate.reference
    results = []
    for code in locales_option(config, locales):
        if language(code).pseudo or config.locale(code).engine in ("none", "pseudo"):
            continue
        extra = []
        if setting:
            path = config.root / setting.replace("{locale}", code)
            if path.is_file():
                extra.append(path)
            elif "{locale}" not in setting:
                raise L10nError("no such file", path=path, hint="give a .po or .tmx file of reference translations")
        refs, origin = evaluation.references(config, code, extra)
        if setting and not extra:
            origin += f" (no {setting.replace('{locale}', code)})"
        size = sample or config.evaluate.sample
        result = evaluation.evaluate(config, code, refs, origin, finder, size, lambda said: click.echo(said, err=True))
        results.append(result)
        click.echo(evaluation.table(result))
        kept = evaluation.kept_route(config, result) if apply else None
        if kept is not None:
            within = f"within {evaluation.TIE:g} chrF++ point of the best and keeps as much"
            click.echo(f"  kept: {kept.route.label}, as l10n.toml says: {within}")
        click.echo()
    evaluation.save_results(config, results)
    if apply:
        changed = evaluation.apply(config, results)
        click.echo(changed or "l10n.toml already names the best route of every locale measured")


@main.group()
def models() -> None:
    """Translation models on this machine: Argos packages and Apertium pairs.

    Argos packages live in ARGOS_PACKAGES_DIR (default
    ~/.local/share/argos-translate/packages).

    \b
    Example:
      l10n models list
      l10n models install translate-en_ar-1_0.argosmodel
    """


@models.command("list")
def models_list() -> None:
    """Show installed Argos packages (pair, version, folder) and Apertium pairs.

    \b
    Example:
      l10n models list
    """
    from pipeline import models as models_module

    found = models_module.listed()
    for model in found:
        arrow = f"{model.pair.source}→{model.pair.target}"
        click.echo(f"{model.engine:<9} {arrow:<8} {model.name:<28} {model.version:<12} {model.path}")
    if not any(model.engine == "argos" for model in found):
        click.echo("no Argos packages installed (l10n models install FILE.argosmodel)")
    if not any(model.engine == "apertium" for model in found):
        click.echo(f"no Apertium pairs: {models_module.apertium_missing()}")


@models.command("install")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def models_install(file: Path) -> None:
    """Check FILE (an .argosmodel) is a safe, complete package, then install it.

    Nothing is extracted unless the whole archive passes: one top-level folder,
    no entry escaping it, bounded size, metadata.json with from_code, to_code
    and package_version, a CTranslate2 model/ and a tokenizer model.

    \b
    Example:
      l10n models install ~/Downloads/translate-en_ar-1_0.argosmodel
    """
    from pipeline import models as models_module

    done = models_module.install(file)
    info = done.info
    verb = "replaced" if done.replaced else "installed"
    click.echo(f"{verb} {info.folder} ({info.pair.source}→{info.pair.target}, version {info.version}) in {done.path}")


@models.command("remove")
@click.argument("source")
@click.argument("target")
def models_remove(source: str, target: str) -> None:
    """Remove the installed Argos package(s) translating SOURCE to TARGET.

    \b
    Example:
      l10n models remove en ar
    """
    from pipeline import models as models_module
    from pipeline.engines import Pair

    for path in models_module.remove(Pair(source, target)):
        click.echo(f"removed {path}")


@models.command("available")
def models_available() -> None:
    """List the packages of the Argos package index (needs internet).

    Offline, says so and how to install a copied .argosmodel file instead.

    \b
    Example:
      l10n models available
    """
    from pipeline import models as models_module

    for pair, name, version in models_module.available():
        click.echo(f"{pair.source}→{pair.target}  {name}  {version}")


@main.command("export")
@click.option(
    "--format",
    "form",
    type=click.Choice(["xliff2", "xliff12"]),
    default="xliff2",
    show_default=True,
    help="XLIFF 2.0, or 1.2 for older CAT tools.",
)
@click.option("--locale", "-l", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--doc", "-d", "docs", multiple=True, help="Only this document (repeatable).")
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the files. Default: xliff/ in the project.",
)
@click.pass_context
def export_command(
    ctx: click.Context, form: str, locales: tuple[str, ...], docs: tuple[str, ...], output: Path | None
) -> None:
    """Write each catalog as XLIFF for a CAT tool: OUTPUT/<locale>/<doc>.xlf.

    Review states travel as XLIFF states (untranslated: initial/new; machine:
    translated + MT origin; needs review; reviewed: final/signed-off), with
    context, comments and provenance as notes. Bring the files back with
    'l10n import'.

    \b
    Examples:
      l10n export --locale es
      l10n export --format xliff12 --doc press -o /tmp/for-agency
    """
    from pipeline import xliff

    config = load_config(ctx)
    folder = output if output is not None else config.root / "xliff"
    for path, units in xliff.export(config, locales_option(config, locales), docs, form, folder):
        click.echo(f"{config.relative(path)}: {units} units")


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def import_command(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Merge translated XLIFF files (2.x or 1.2) back into the project's catalogs.

    Each file goes to the catalog of its target language and <file original>
    document. Nothing a reviewer did is lost: a reviewed entry is never
    replaced by an unreviewed translation, nor by one older than the
    reviewer's (an entry changed since the export); such units are listed as
    conflicts and the exit code is 1. The rest is applied.

    \b
    Example:
      l10n import xliff/es/press.xlf
    """
    from pipeline import xliff

    config = load_config(ctx)
    conflicts = 0
    for item in xliff.import_files(config, list(files)):
        for conflict in item.conflicts:
            click.echo(f"conflict: {conflict}", err=True)
        conflicts += len(item.conflicts)
        state = "written" if item.written else "unchanged"
        click.echo(
            f"{config.relative(item.catalog)}: {item.applied} applied, {item.unchanged} unchanged, "
            f"{len(item.conflicts)} conflicts ({state})"
        )
    ctx.exit(1 if conflicts else 0)


@main.group()
def tm() -> None:
    """Translation memories as TMX 1.4b, to and from CAT tools.

    \b
    Examples:
      l10n tm export memory.tmx
      l10n tm import agency-memory.tmx
    """


@tm.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--locale", "-l", "locales", multiple=True, help="Only this locale (repeatable).")
@click.option("--all", "every", is_flag=True, help="Machine and needs-review translations too (marked as such).")
@click.pass_context
def tm_export(ctx: click.Context, file: Path, locales: tuple[str, ...], every: bool) -> None:
    """Write the project's reviewed translations to FILE as TMX 1.4b.

    One <tu> per source text with a <tuv> per locale, languages as BCP 47
    tags (pt-BR). Plural entries are left out: TMX has no plural forms.

    \b
    Example:
      l10n tm export memory.tmx --locale es
    """
    from pipeline import tmx

    config = load_config(ctx)
    done = tmx.export(config, locales_option(config, locales), file, every_translation=every)
    click.echo(f"wrote {file}: {done.units} units, {done.translations} translations")
    if done.plurals:
        click.echo(f"note: {done.plurals} plural entries left out (TMX has no plural forms)", err=True)


@tm.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def tm_import(ctx: click.Context, file: Path) -> None:
    """Add a TMX memory's translations to tm/<locale>.po, which 'l10n translate' reuses.

    Exact matches from it fill untranslated entries before any engine runs
    (fuzzy, with an 'l10n: memory tm/<locale>.po' comment, for review).
    Units in languages the project does not have are left out.

    \b
    Example:
      l10n tm import agency-memory.tmx
    """
    from pipeline import tmx

    config = load_config(ctx)
    report = tmx.import_tmx(config, file)
    for item in report.locales:
        click.echo(f"{config.relative(item.compendium)}: {item.added} added, {item.unchanged} already there")
    click.echo(f"{report.units} units read, {report.skipped} skipped (no source-language text, or inline codes)")


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


@main.command("site-strings")
@click.pass_context
def site_strings(ctx: click.Context) -> None:
    """Write locales/l10n-site.pot: the published site's own words (the draft banner).

    'l10n update' and 'l10n translate' then make and fill its catalog for every
    locale, reviewed like any document; 'l10n build' shows the banner of a draft
    page in the page's language once its catalog translates both sentences.

    \b
    Example:
      l10n site-strings && l10n update && l10n translate
    """
    from pipeline.site import site_template

    config = load_config(ctx)
    path, written = site_template(config)
    click.echo(f"{config.relative(path)}: {'written' if written else 'unchanged'}")
