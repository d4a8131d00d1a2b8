"""The marking page, served by Jupyter Server: ``course mark`` or inside JupyterLab.

``MarkingApp`` is a Jupyter Server extension: ``course mark m01`` starts a Jupyter Server
with it (and nothing else), and a JupyterLab started with
``--ServerApp.jpserver_extensions="{'course.grading.marking': True}"`` serves the same
page at ``/marking/<module>``. The page is static HTML, JavaScript and CSS in ``static/``;
it talks to the JSON handlers here, which Jupyter Server guards with its token and XSRF
checks like any of its own.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.extension.application import ExtensionApp
from jupyter_server.extension.handler import ExtensionHandlerMixin
from tornado import web
from traitlets import Bool, Float, Unicode, default

from ...errors import CourseError
from ...paths import course_dir
from .queue import DEFAULT_MARGIN, Marking
from .store import Conflict

STATIC = Path(__file__).resolve().parent / "static"
NAME = "course_marking"
MODULE = r"(?P<module>[A-Za-z0-9_-]+)"
QUESTION = r"(?P<question>[A-Za-z0-9_.-]+)"
PSEUDONYM = r"(?P<pseudonym>[A-Z0-9]+)"


class MarkingApp(ExtensionApp):
    """Marking by question, as a Jupyter Server extension."""

    name = NAME
    extension_url = "/marking"
    load_other_extensions = False
    static_paths = [str(STATIC)]  # type: ignore[assignment]

    course_dir = Unicode("", help="The course folder (default: the course's own).").tag(config=True)
    module = Unicode("", help="The module the landing page opens.").tag(config=True)
    marker = Unicode(help="The marker's name, kept with every mark.").tag(config=True)
    second = Bool(False, help="Mark as the second marker, blind to the first.").tag(config=True)
    margin = Float(DEFAULT_MARGIN, help="Marks further apart than this are listed.").tag(
        config=True
    )

    @default("default_url")
    def _default_url(self) -> str:
        return f"/marking/{self.module}" if self.module else "/marking"

    @classmethod
    def get_extension_package(cls) -> str:
        return "course.grading.marking"

    def initialize_settings(self) -> None:
        self.marker = self.marker or getpass.getuser()
        self.settings[f"{NAME}_markings"] = {}
        # nbgrader takes seconds to import and set up; pay that at start, not at the first save.
        from nbgrader.api import Gradebook  # noqa: F401
        from sqlalchemy.orm import configure_mappers

        configure_mappers()

    def initialize_handlers(self) -> None:
        api = r"/marking/api/" + MODULE
        self.handlers.extend(
            [
                (r"/marking/?", LandingHandler),
                (r"/marking/" + MODULE + r"/?", PageHandler),
                (api + r"/questions", QuestionsHandler),
                (api + r"/questions/" + QUESTION, QueueHandler),
                (api + r"/questions/" + QUESTION + r"/differences", DifferencesHandler),
                (api + r"/questions/" + QUESTION + r"/answers/" + PSEUDONYM, AnswerHandler),
            ]
        )

    def marking(self, module: str) -> Marking:
        """The marking of ``module`` by this server's marker, made once and kept."""
        cache: dict[str, Marking] = self.settings[f"{NAME}_markings"]
        if module not in cache:
            root = course_dir(self.course_dir or None)
            made = Marking(root, module, self.marker, second=self.second, margin=self.margin)
            cache[module] = cache[made.module] = made
        return cache[module]


class _Base(ExtensionHandlerMixin, JupyterHandler):
    @property
    def app(self) -> MarkingApp:
        return self.extensionapp  # type: ignore[return-value]


class LandingHandler(_Base):
    @web.authenticated
    def get(self) -> None:
        if not self.app.module:
            raise web.HTTPError(404, "Open /marking/<module>, for example /marking/m01.")
        self.redirect(self.base_url.rstrip("/") + f"/marking/{self.app.module}")


class PageHandler(_Base):
    """The one page; it reads everything else from the API."""

    @web.authenticated
    def get(self, module: str) -> None:
        html = (STATIC / "marking.html").read_text(encoding="utf-8")
        config = {
            "base": self.base_url.rstrip("/") + "/marking/api/",
            "module": module,
            "xsrf": self.xsrf_token.decode() if isinstance(self.xsrf_token, bytes) else "",
        }
        static = self.base_url.rstrip("/") + f"/static/{NAME}/"
        html = html.replace("{{static}}", static).replace(
            "{{config}}", json.dumps(config).replace("</", "<\\/")
        )
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(html)


class _Api(ExtensionHandlerMixin, APIHandler):
    @property
    def app(self) -> MarkingApp:
        return self.extensionapp  # type: ignore[return-value]

    def reply(self, value: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(value))

    def problem(self, exc: CourseError, status: int = 400) -> None:
        self.reply({"message": str(exc)}, status)


class QuestionsHandler(_Api):
    @web.authenticated
    def get(self, module: str) -> None:
        try:
            marking = self.app.marking(module)
            self.reply(
                {
                    "module": marking.module,
                    "marker": marking.marker,
                    "role": marking.role,
                    "margin": marking.margin,
                    "place": marking.store.place(marking.module, marking.marker, marking.role),
                    "questions": marking.questions(),
                }
            )
        except CourseError as exc:
            self.problem(exc, 404)


class QueueHandler(_Api):
    @web.authenticated
    def get(self, module: str, question: str) -> None:
        try:
            self.reply(self.app.marking(module).queue(question))
        except CourseError as exc:
            self.problem(exc, 404)


class DifferencesHandler(_Api):
    @web.authenticated
    def get(self, module: str, question: str) -> None:
        try:
            marking = self.app.marking(module)
            margin = float(self.get_argument("margin", str(marking.margin)))
            self.reply({"margin": margin, "differences": marking.differences(question, margin)})
        except ValueError:
            self.reply({"message": "The margin is a number of marks, such as 1."}, 400)
        except CourseError as exc:
            self.problem(exc, 404)


class AnswerHandler(_Api):
    @web.authenticated
    def get(self, module: str, question: str, pseudonym: str) -> None:
        try:
            self.reply(self.app.marking(module).answer(question, pseudonym))
        except CourseError as exc:
            self.problem(exc, 404)

    @web.authenticated
    def post(self, module: str, question: str, pseudonym: str) -> None:
        try:
            body = json.loads(self.request.body or b"{}")
            score = float(body["score"])
            rubric = [int(i) for i in body.get("rubric", [])]
            comment = str(body.get("comment", ""))
            version = int(body.get("version", 0))
        except (ValueError, KeyError, TypeError):
            self.reply({"message": "Give a mark as a number, such as 4; nothing was saved."}, 400)
            return
        marking = self.app.marking(module)
        try:
            self.reply(marking.save(question, pseudonym, score, rubric, comment, version))
        except Conflict as exc:
            current = marking.answer(question, pseudonym)
            self.reply({"message": str(exc), "conflict": True, "current": current["mark"]}, 409)
        except CourseError as exc:
            self.problem(exc, 400)


def argv(
    root: Path,
    module: str,
    marker: str,
    second: bool = False,
    margin: float = DEFAULT_MARGIN,
    port: int | None = None,
    open_browser: bool = True,
) -> list[str]:
    """Jupyter Server's command-line settings for marking ``module``."""
    args = [
        f"--MarkingApp.course_dir={root}",
        f"--MarkingApp.module={module}",
        f"--MarkingApp.marker={marker}",
        f"--MarkingApp.second={second}",
        f"--MarkingApp.margin={margin}",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.open_browser={open_browser}",
        "--ServerApp.ip=127.0.0.1",
    ]
    if os.geteuid() == 0:
        args.append("--ServerApp.allow_root=True")  # containers and CI machines often run as root
    if port:
        args += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    return args


def serve(root: Path, module: str, marker: str, **options: Any) -> None:
    """Serve the marking page until Ctrl+C."""
    MarkingApp.launch_instance(argv=argv(root, module, marker, **options))
