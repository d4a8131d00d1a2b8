"""LTI 1.3 login on the hub: learners arrive from the LMS as their roster id (hub/lti.py).

The settings on their own are tested in ``test_hub_lti_settings.py``. These tests start a
real JupyterHub from ``hub/jupyterhub_config.py`` with the helpers of ``test_hub.py`` (root
on Linux, the test accounts, the local proxy), in front of a small LMS run by this test: its
own RSA key, its public keyset over HTTP, and an authentication endpoint that answers the
hub's request with a signed launch, as Moodle or Canvas does, which the test posts back the
way a browser would.
"""

from __future__ import annotations

import base64
import html
import json
import re
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
from test_hub import TRAINEES, Hub, hub_config, hub_env, machine, running_hub, wait_for_server
from test_hub_lti_settings import CLIENT_ID, full_settings

__all__ = ["machine"]  # the accounts and folders of test_hub.py, set up once for this file

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


# --- A small LMS -----------------------------------------------------------------------------


@dataclass
class Platform:
    """An LTI 1.3 platform on a local port: an RSA key, its keyset, signed launches."""

    base: str
    key: Any
    kid: str
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # login_hint -> claims
    requests: list[dict[str, str]] = field(default_factory=list)  # authentication requests
    forge: bool = False  # sign with another key under the same key id

    def settings(self, claim: str) -> dict[str, str]:
        return {
            "SLL_LTI13_CLIENT_ID": CLIENT_ID,
            "SLL_LTI13_ISSUER": self.base,
            "SLL_LTI13_AUTHORIZE_URL": f"{self.base}/authorize",
            "SLL_LTI13_JWKS_URL": f"{self.base}/jwks",
            "SLL_LTI13_USERNAME_CLAIM": claim,
        }

    def jwks(self) -> dict[str, Any]:
        from jwt.algorithms import RSAAlgorithm

        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self, request: dict[str, str]) -> str:
        """The signed launch for the person the request's login_hint names."""
        import jwt
        from cryptography.hazmat.primitives.asymmetric import rsa

        now = int(time.time())
        claims = {
            "iss": self.base,
            "aud": request["client_id"],
            "exp": now + 300,
            "iat": now,
            "nonce": request["nonce"],
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": "1",
            CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "target_link_uri": request["redirect_uri"].split("/hub/")[0] + "/hub",
            CLAIM + "resource_link": {"id": "system-leadership-lab"},
            CLAIM + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            **self.people[request["login_hint"]],
        }
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if self.forge else None
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})


def platform_handler(platform: Platform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urlparse(self.path)
            if url.path == "/jwks":
                self.answer(200, "application/json", json.dumps(platform.jwks()))
            elif url.path == "/authorize":
                request = {k: v[0] for k, v in parse_qs(url.query).items()}
                platform.requests.append(request)
                # The LMS answers with a form the browser posts to the tool at once.
                fields = {"id_token": platform.id_token(request), "state": request["state"]}
                inputs = "".join(
                    f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
                    for k, v in fields.items()
                )
                page = (
                    f'<form method="post" action="{html.escape(request["redirect_uri"])}">'
                    f"{inputs}</form><script>document.forms[0].submit()</script>"
                )
                self.answer(200, "text/html", page)
            else:
                self.answer(404, "text/plain", "not here")

        def answer(self, status: int, kind: str, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def platform() -> Iterator[Platform]:
    """The small LMS, serving on a free local port until the module ends."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    lms = Platform(base="", key=key, kid=secrets.token_hex(8))
    server = ThreadingHTTPServer(("127.0.0.1", 0), platform_handler(lms))
    lms.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield lms
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def lti_hub(machine, platform: Platform) -> Iterator[Hub]:  # type: ignore[no-untyped-def]
    """The hub with LTI 1.3 login from the small LMS, the learner id in custom_username."""
    with running_hub(machine, "hub-lti", platform.settings("custom_username")) as running:
        yield running


def initiate(hub: Hub, platform: Platform, login_hint: str):  # type: ignore[no-untyped-def]
    """The LMS's first step: the browser posts the login initiation to the hub."""
    import requests

    session = requests.Session()
    reply = session.post(
        f"{hub.base}/hub/lti13/oauth_login",
        data={
            "iss": platform.base,
            "login_hint": login_hint,
            "target_link_uri": f"{hub.base}/hub",
            "client_id": CLIENT_ID,
            "lti_message_hint": "resource-link-7",
            "lti_deployment_id": "1",
        },
        allow_redirects=False,
        timeout=30,
    )
    return session, reply


def authorize(hub: Hub, platform: Platform, person: dict[str, Any]):  # type: ignore[no-untyped-def]
    """Up to the LMS's signed answer: the browser's session, where it posts, and what."""
    hint = secrets.token_hex(6)
    platform.people[hint] = person
    session, reply = initiate(hub, platform, hint)
    assert reply.status_code == 302, f"{reply.status_code} {reply.text[:500]}\n{hub.tail()}"
    form = session.get(reply.headers["Location"], timeout=30)
    assert form.ok, form.text
    action = html.unescape(re.search(r'action="([^"]+)"', form.text)[1])  # type: ignore[index]
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', form.text)
    }
    return session, action, fields


def launch(hub: Hub, platform: Platform, person: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The whole launch as a browser goes through it; the session and the hub's last answer."""
    session, action, fields = authorize(hub, platform, person)
    return session, session.post(action, data=fields, allow_redirects=False, timeout=60)


def whoami(hub: Hub, session) -> str | None:  # type: ignore[no-untyped-def]
    """The hub user ``session`` is logged in as, or None."""
    reply = session.get(f"{hub.base}/hub/api/user", timeout=30)
    return reply.json().get("name") if reply.ok else None


# --- The real hub ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.hub
def test_login_initiation_sends_the_browser_to_the_lms_with_client_id_state_and_nonce(
    lti_hub: Hub, platform: Platform
) -> None:
    """The hub answers the LMS's login initiation with an OpenID Connect request to the LMS."""
    session, reply = initiate(lti_hub, platform, "hint-42")
    assert reply.status_code == 302, reply.text
    location = urlparse(reply.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{platform.base}/authorize"
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == f"{lti_hub.base}/hub/lti13/oauth_callback"
    assert query["login_hint"] == "hint-42"
    assert query["lti_message_hint"] == "resource-link-7"
    assert (query["response_type"], query["scope"]) == ("id_token", "openid")
    assert (query["response_mode"], query["prompt"]) == ("form_post", "none")
    state = json.loads(base64.urlsafe_b64decode(query["state"]))
    assert re.fullmatch(r"[0-9a-f]{32}", state["state_id"]), state
    assert re.fullmatch(r"[0-9a-f]{64}", query["nonce"]), query["nonce"]
    # The state and the nonce's secret wait in the browser's cookies for the launch.
    cookies = {c.name for c in session.cookies}
    assert {"lti13authenticator-state", "lti13authenticator-nonce-state"} <= cookies


@pytest.mark.slow
@pytest.mark.hub
def test_the_hub_publishes_its_lti_tool_configuration(lti_hub: Hub) -> None:
    """/hub/lti13/config gives the LMS the login initiation URL and the target link."""
    import requests

    reply = requests.get(f"{lti_hub.base}/hub/lti13/config", timeout=30)
    assert reply.ok, reply.text
    tool = reply.json()
    assert tool["title"] == "System Leadership Lab"
    assert tool["oidc_initiation_url"] == f"{lti_hub.base}/hub/lti13/oauth_login"
    assert tool["target_link_uri"] == lti_hub.base


@pytest.mark.slow
@pytest.mark.hub
def test_a_signed_launch_logs_the_learner_in_as_the_configured_claim_and_starts_their_server(
    lti_hub: Hub, platform: Platform
) -> None:
    """custom_username, not sub, becomes the hub user, whose own Linux server then starts."""
    trainee = TRAINEES[0]
    person = {"sub": "7f3c2a", CLAIM + "custom": {"username": trainee}}
    session, answer = launch(lti_hub, platform, person)
    assert answer.status_code == 302, f"{answer.status_code} {answer.text[:500]}"
    assert f"User logged in: {trainee}" in lti_hub.log.read_text(), lti_hub.tail()
    assert "User logged in: 7f3c2a" not in lti_hub.log.read_text()
    assert whoami(lti_hub, session) == trainee
    # The browser follows the hub's answer to the hub's home, which starts the server.
    home = urljoin(lti_hub.base, answer.headers["Location"])
    assert home.startswith(f"{lti_hub.base}/hub/"), home
    session.get(home, timeout=60)
    wait_for_server(lti_hub, session, trainee)


@pytest.mark.slow
@pytest.mark.hub
def test_a_launch_without_the_learner_id_claim_is_refused_in_one_sentence(
    lti_hub: Hub, platform: Platform
) -> None:
    """No custom username in the launch: refused, never logged in under sub instead."""
    session, answer = launch(lti_hub, platform, {"sub": TRAINEES[1]})
    assert answer.status_code == 400
    assert "The LMS sent no custom_username for this person" in html.unescape(answer.text)
    assert whoami(lti_hub, session) is None
    assert f"User logged in: {TRAINEES[1]}" not in lti_hub.log.read_text()


@pytest.mark.slow
@pytest.mark.hub
def test_a_launch_for_someone_not_allowed_is_refused(lti_hub: Hub, platform: Platform) -> None:
    """The LMS vouching for 'root' is not enough: only the allowed accounts come in."""
    session, answer = launch(
        lti_hub, platform, {"sub": "1", CLAIM + "custom": {"username": "root"}}
    )
    assert answer.status_code == 403, answer.status_code
    assert whoami(lti_hub, session) is None


@pytest.mark.slow
@pytest.mark.hub
def test_a_launch_signed_with_another_key_is_refused(lti_hub: Hub, platform: Platform) -> None:
    """A forged launch (right key id, wrong key) does not log anybody in."""
    platform.forge = True
    try:
        person = {"sub": "9", CLAIM + "custom": {"username": TRAINEES[1]}}
        session, answer = launch(lti_hub, platform, person)
    finally:
        platform.forge = False
    assert answer.status_code == 400, answer.status_code
    assert whoami(lti_hub, session) is None


@pytest.mark.slow
@pytest.mark.hub
def test_a_launch_replayed_from_another_browser_is_refused(
    lti_hub: Hub, platform: Platform
) -> None:
    """A signed launch copied into a browser that did not start it (no state cookie) fails."""
    import requests

    person = {"sub": "11", CLAIM + "custom": {"username": TRAINEES[1]}}
    _, action, fields = authorize(lti_hub, platform, person)
    other = requests.Session()
    answer = other.post(action, data=fields, allow_redirects=False, timeout=60)
    assert answer.status_code == 400, answer.status_code
    assert "OAuth state missing from cookies" in answer.text
    assert whoami(lti_hub, other) is None


@pytest.mark.slow
@pytest.mark.hub
def test_with_sub_as_the_claim_the_lms_user_id_becomes_the_hub_user(
    machine, platform: Platform
) -> None:  # type: ignore[no-untyped-def]
    """SLL_LTI13_USERNAME_CLAIM=sub: the launch's sub names the learner, its custom one not."""
    with running_hub(machine, "hub-lti-sub", platform.settings("sub")) as hub:
        person = {"sub": TRAINEES[1], CLAIM + "custom": {"username": TRAINEES[0]}}
        session, answer = launch(hub, platform, person)
        assert answer.status_code == 302, f"{answer.status_code} {answer.text[:500]}"
        assert whoami(hub, session) == TRAINEES[1]


@pytest.mark.slow
@pytest.mark.hub
def test_a_half_given_lti_setup_stops_the_hub_with_one_sentence(machine) -> None:  # type: ignore[no-untyped-def]
    """Only the client id and issuer given: the real hub exits, naming what is missing."""
    state = machine.work / "hub-lti-half"
    state.mkdir(mode=0o700)
    config, _ = hub_config(machine, state)
    given = {
        k: v for k, v in full_settings().items() if k in ("SLL_LTI13_CLIENT_ID", "SLL_LTI13_ISSUER")
    }
    proc = subprocess.run(
        [*machine.wrap, sys.executable, "-m", "jupyterhub", "-f", str(config)],
        cwd=state,
        env=hub_env(given),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "The LTI 1.3 login is only partly set up: SLL_LTI13_AUTHORIZE_URL" in output, output
    assert "SLL_LTI13_JWKS_URL" in output and "SLL_LTI13_USERNAME_CLAIM" in output
    assert "Traceback" not in output, output
    assert not (state / "jupyterhub.sqlite").exists()
