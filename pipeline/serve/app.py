"""The review server: a Flask app over the project's ``.po`` files.

Security model (see the README, "Reviewing in the browser"): loopback by default, with the Host header
checked so that a web page elsewhere cannot reach the server through DNS
rebinding; a CSRF token in the session for every POST; a ``--token`` required
beyond loopback (given once as ``?token=``, then kept in a cookie); locales and
documents looked up among the project's own, never joined from the URL.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import polib
from flask import (
    Flask,
    abort,
    get_template_attribute,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from pipeline.checks import CHECKS
from pipeline.config import Config
from pipeline.errors import L10nError
from pipeline.languages import bcp47, language
from pipeline.review import State
from pipeline.serve import store, suggest, views

TOKEN_COOKIE = "l10n_token"
CSRF_HEADER = "X-CSRF-Token"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def create_app(config: Config, *, token: str | None = None, loopback_only: bool = True, reviewer: str = "") -> Flask:
    """The review app for ``config``'s project.

    ``token``: when set, every request must carry it (``?token=`` once, then a
    cookie). ``loopback_only``: refuse requests whose Host is not a loopback
    name (the server was bound to loopback). ``reviewer``: "Name <mail>",
    written as Last-Translator and in each entry the page approves or edits.
    """
    here = Path(__file__).parent
    app = Flask(__name__, template_folder=str(here / "templates"), static_folder=str(here / "static"))
    app.secret_key = secrets.token_bytes(32)
    # Cookies are shared by every port of a host: a name of our own keeps another local app from clobbering ours.
    app.config.update(
        SESSION_COOKIE_NAME="l10n_review",
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        MAX_CONTENT_LENGTH=1 << 20,
    )
    app.jinja_env.globals.update(State=State, STATES=views.STATES)
    app.jinja_env.filters["bcp47"] = bcp47

    @app.before_request
    def guard() -> ResponseReturnValue | None:
        if loopback_only and not is_loopback(_hostname(request.host)):
            abort(403, "this server answers only to 127.0.0.1 / localhost")
        if token is None:
            return None
        given = request.args.get("token")
        if request.method == "GET" and given is not None and secrets.compare_digest(given.encode(), token.encode()):
            # Keep the token out of the address bar, history and Referer: a cookie from now on.
            query = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "token"])
            response = redirect(request.path + (f"?{query}" if query else ""))
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Strict")
            return response
        if not secrets.compare_digest(request.cookies.get(TOKEN_COOKIE, "").encode(), token.encode()):
            abort(403, "open the address 'l10n serve' printed, with its ?token=")
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.context_processor
    def csrf() -> dict[str, Any]:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return {"csrf_token": session["csrf"]}

    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(400)
    @app.errorhandler(409)
    @app.errorhandler(413)  # a save over MAX_CONTENT_LENGTH: the page reads a JSON error like any other
    def error_page(error: Any) -> ResponseReturnValue:
        if request.method == "POST":
            return jsonify(error=error.description), error.code
        return render_template("error.html", code=error.code, message=error.description), error.code

    @app.errorhandler(L10nError)
    def pipeline_error(error: L10nError) -> ResponseReturnValue:
        if request.method == "POST":
            return jsonify(error=str(error)), 422
        return render_template("error.html", code=422, message=str(error)), 422

    def catalog_path(code: str, doc: str) -> Path:
        """The catalog for a known locale and a known document, or 404: nothing is joined from the URL."""
        if code not in config.locales or doc not in views.templates(config):
            abort(404, "no such locale or document in this project")
        path = config.po_path(code, doc)
        if not config.inside(path):
            # Written through, a link in locales/ would let a cloned project overwrite any file of the reviewer's.
            abort(403, f"{config.relative(path)} links outside the project; the review page does not open it")
        if not path.is_file():
            abort(404, f"{config.relative(path)} does not exist yet; run 'l10n update --locale {code}'")
        return path

    @app.get("/")
    def dashboard() -> ResponseReturnValue:
        languages = {code: language(code) for code in config.locales}
        return render_template("dashboard.html", config=config, rows=views.dashboard(config), languages=languages)

    icon = (here / "static" / "favicon.svg").read_bytes()

    @app.get("/favicon.ico")
    def favicon() -> ResponseReturnValue:
        return Response(icon, mimetype="image/svg+xml")

    def filters() -> views.Filters:
        state = request.args.get("state", "")
        check = request.args.get("check", "")
        if state not in {"", *(s.value for s in State)}:
            abort(400, f"unknown state '{state}'; one of: {', '.join(s.value for s in State)}")
        known = [c.id for c in CHECKS]
        if check and check not in known:
            abort(400, f"unknown check '{check}'; one of: {', '.join(known)}")
        return views.Filters(
            state=state,
            check=check,
            q=request.args.get("q", "")[:200],
            page=_number(request.args.get("page"), 1),
            per=min(500, max(1, _number(request.args.get("per"), PER_PAGE))),
        )

    @app.get("/doc/<code>/<path:doc>")
    def document(code: str, doc: str) -> ResponseReturnValue:
        path = catalog_path(code, doc)
        chosen = filters()
        view = views.document(config, code, doc, path, chosen)
        return render_template(
            "document.html",
            view=view,
            state=chosen.state,
            check=chosen.check,
            q=chosen.q,
            per=chosen.per,
            path=config.relative(path),
            source_language=language(config.source_language),
            reviewer=reviewer,
            here=_here(chosen),
        )

    @app.get("/next/<code>/<path:doc>")
    def next_entry(code: str, doc: str) -> ResponseReturnValue:
        """Where the next entry that needs work (or is untranslated, or has findings) is."""
        path = catalog_path(code, doc)
        chosen = filters()
        want = request.args.get("want", "work")
        if want not in views.WANTS:
            abort(400, f"unknown 'want'; one of: {', '.join(views.WANTS)}")
        found = views.following(config, code, path, _number(request.args.get("after"), 0), want, chosen)
        if found is None:
            return jsonify(number=None)
        number, page = found
        args: dict[str, Any] = {"code": code, "doc": doc, "page": page, **_here(chosen)}
        url = url_for("document", **args)
        return jsonify(number=number, url=f"{url}#entry-{number}")

    @app.get("/suggest/<code>/<path:doc>")
    def suggestions(code: str, doc: str) -> ResponseReturnValue:
        """Memory matches for one entry (exact and fuzzy, scored); with ``others=1`` the other locales' too."""
        path = catalog_path(code, doc)
        loaded = store.load(path)
        at = loaded.position.get(request.args.get("key", ""))
        if at is None:
            abort(404, "no such entry in this catalog (its source changed?); reload the page")
        entry = loaded.entries[at]
        found = suggest.suggestions(config, code, entry.msgid, exclude=entry.msgstr)
        answer: dict[str, Any] = {"suggestions": [asdict(s) for s in found]}
        if request.args.get("others") == "1":
            answer["others"] = [asdict(o) for o in suggest.others(config, code, doc, entry.msgid_with_context)]
        return jsonify(answer)

    def check_csrf() -> None:
        expected = session.get("csrf")
        given = request.headers.get(CSRF_HEADER, "")
        if not expected or not secrets.compare_digest(given.encode(), str(expected).encode()):
            abort(403, "missing or stale CSRF token: reload the page")

    undo: dict[str, tuple[Path, polib.POEntry, str]] = {}  # per browser session: the last change, to put back

    def remember(path: Path, result: store.Saved) -> None:
        if result.before is None or not result.written:
            return
        if "undo" not in session:
            session["undo"] = secrets.token_urlsafe(16)
        if len(undo) > 1000:
            undo.pop(next(iter(undo)))
        undo[str(session["undo"])] = (path, result.before, store.version(result.entry))

    @app.post("/save/<code>/<path:doc>")
    def save(code: str, doc: str) -> ResponseReturnValue:
        check_csrf()
        path = catalog_path(code, doc)
        data = _json_body()
        forms = data.get("forms", [])
        if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
            abort(400, "'forms' must be a list of strings")
        for form in forms:
            _storable(form, "forms")
        try:
            change = store.Change(
                key=_field(data, "key"),
                action=store.Action(_field(data, "action")),
                base=_field(data, "base"),
                text=_field(data, "text"),
                forms=tuple(forms),
                override=_field(data, "override"),
                reviewer=reviewer,
            )
        except ValueError:
            abort(400, "unknown action")
        try:
            nplurals = views.nplurals(store.load(path))
            result = store.save(path, change, gate=views.gate(code, config, nplurals))
        except store.Blocked as blocked:
            return jsonify(error=str(blocked), blocked=list(blocked.errors)), 422
        return answer(data, code, path, result)

    @app.post("/undo/<code>/<path:doc>")
    def undo_last(code: str, doc: str) -> ResponseReturnValue:
        check_csrf()
        path = catalog_path(code, doc)
        last = undo.get(str(session.get("undo", "")))
        if last is None or last[0] != path:
            abort(409, "nothing to undo on this page")
        _, before, after = last
        result = store.restore(path, before, after)
        if isinstance(result, store.Saved):
            undo.pop(str(session["undo"]), None)
        data = _json_body(required=False)  # the undo is done: an odd body only loses the entry's display details
        return answer(data, code, path, result, undone=True)

    def answer(
        data: dict[str, Any], code: str, path: Path, result: store.Saved | store.Conflict, undone: bool = False
    ) -> ResponseReturnValue:
        if isinstance(result, store.Conflict):
            theirs = render_entry(data, result.theirs, code, path) if result.theirs is not None else None
            return jsonify(conflict=_conflict(result, theirs)), 409
        if not undone:
            remember(path, result)
        entry = render_entry(data, result.entry, code, path)
        items = views.index(store.load(path), code, config)
        counts = views.state_counts(items)
        return jsonify(
            html=entry.html,
            number=entry.view.number,
            version=entry.view.version,
            state=entry.view.state.value,
            written=result.written,
            undone=undone,
            findings=[f"{f.check}: {f.message}" for f in entry.view.findings],
            counts={s.value: counts[s] for s in State},
            held=entry.view.held,
        )

    def render_entry(data: dict[str, Any], entry: polib.POEntry, code: str, path: Path) -> Rendered:
        loaded = store.load(path)
        at = loaded.position.get(entry.msgid_with_context)
        number = at + 1 if at is not None else data.get("number")
        terms = views.terms(config, code)
        header = loaded.po.metadata.get("Plural-Forms", "")
        number = number if isinstance(number, int) else 0
        shown = views.entry_view(number, entry, code, config, terms, plural_header=header)
        macro = get_template_attribute("_entry.html", "entry_block")
        return Rendered(shown, str(macro(shown, language(code), language(config.source_language))))

    return app


@dataclass(frozen=True)
class Rendered:
    view: views.EntryView
    html: str  # the entry's block, rendered (and escaped) by the same template as the page


def _json_body(required: bool = True) -> dict[str, Any]:
    """The request's JSON object; malformed, deeply nested or not an object is a 400 (or, not required, {})."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # "[[[[..." 200 KB deep: the json module recurses once per level
        data = None
        if required:
            abort(400, "the JSON is nested too deeply")
    if not isinstance(data, dict):
        if required:
            abort(400, "expected a JSON object")
        return {}
    return data


PER_PAGE = 50


def _here(chosen: views.Filters) -> dict[str, str]:
    """The filters of a page as query arguments, for its links (page numbers, next entry)."""
    args = {"state": chosen.state, "check": chosen.check, "q": chosen.q}
    if chosen.per != PER_PAGE:
        args["per"] = str(chosen.per)
    return {k: v for k, v in args.items() if v}


def _number(given: str | None, default: int) -> int:
    """A positive page or entry number from the query string; anything else is the default."""
    return int(given) if given is not None and given.isdigit() and len(given) < 9 else default


def _field(data: dict[str, Any], name: str) -> str:
    """A string field of the request's JSON."""
    value = data.get(name, "")
    if not isinstance(value, str):
        abort(400, f"'{name}' must be a string")
    if name == "text":
        return _storable(value, name)
    return _text(value, name)  # a key holds msgctxt + U+0004 + msgid: only the translation is checked further


def _storable(value: str, name: str) -> str:
    """A translation a UTF-8 catalog can hold; a lone surrogate, NUL or U+0004 is refused (400), not a 500."""
    for char, what in (("\0", "a NUL character (U+0000)"), ("\x04", "the control character U+0004")):
        if char in value:
            abort(400, f"'{name}' holds {what}, which a catalog cannot hold: remove it")
    return _text(value, name)


def _text(value: str, name: str) -> str:
    """Text at all: a lone surrogate (JSON allows "\\ud800") cannot be encoded, and was a 500."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        abort(400, f"'{name}' holds a lone surrogate (U+{ord(value[error.start]):04X}), which is not text: retype it")
    return value


def _conflict(conflict: store.Conflict, theirs: Rendered | None) -> dict[str, Any]:
    return {
        "message": "this entry changed on disk since you loaded the page"
        if theirs is not None
        else "this entry is no longer in the catalog (its source changed); reload the page",
        "mine": conflict.mine,
        "theirs": None
        if theirs is None
        else {
            "msgstr": theirs.view.msgstr,
            "state": theirs.view.state.value,
            "provenance": theirs.view.provenance,
            "version": theirs.view.version,
            "html": theirs.html,
        },
    }


def _hostname(host: str) -> str:
    """``request.host`` without its port: "127.0.0.1:8765" → "127.0.0.1", "[::1]:80" → "::1"."""
    if host.startswith("["):
        return host[1 : host.index("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def warm(config: Config) -> None:
    """Read and check every catalog once, so that the first visit of each page is as quick as the next ones."""
    for code in config.locales:
        for doc in views.templates(config):
            path = config.po_path(code, doc)
            try:
                if path.is_file():
                    views.index(store.load(path), code, config)
            except L10nError:
                continue  # the page says what is wrong with it when it is opened


def serve(
    config: Config,
    *,
    host: str,
    port: int,
    token: str | None,
    echo: Callable[[str], None],
    reviewer: str = "",
) -> None:
    """Run the review server until Ctrl-C; refuse a non-loopback address without a token."""
    loopback = is_loopback(host)
    if not loopback and not token:
        raise L10nError(
            f"--host {host} would let other machines change the catalogs; give a --token too",
            hint="for example --token \"$(python3 -c 'import secrets; print(secrets.token_urlsafe())')\"",
        )
    app = create_app(config, token=token, loopback_only=loopback, reviewer=reviewer)
    # Bind here rather than in werkzeug, which prints its own message and exits on a busy port.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        listening = socket.create_server((host, port), family=family)
    except OSError as error:
        hint = "pick another --port" if error.errno == errno.EADDRINUSE else "use an address of this machine"
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise L10nError(f"cannot listen on {host}:{port}: {reason}", hint=hint) from None
    with listening:
        port = listening.getsockname()[1]
        server = make_server(host, port, app, threaded=True, fd=listening.fileno())
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/" + (f"?{urlencode({'token': token})}" if token else "")
    echo(f"reviewing {config.name} at {address}  (Ctrl-C to stop)")
    echo(f"changes are signed {reviewer}" if reviewer else "changes are not signed: give --reviewer 'Name <mail>'")
    threading.Thread(target=warm, args=(config,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    echo("stopped; every change was saved as it was made")
