"""LTI 1.3 login for the hub: learners arrive from Moodle or Canvas as their roster id.

``jupyterhub_config.py`` calls ``configure(c, os.environ)``. With no ``SLL_LTI13_`` setting
the hub keeps its Linux password login; with all of them it takes LTI 1.3 launches through
``jupyterhub-ltiauthenticator``; with some of them it refuses to start and names what is
missing, because a hub that half works would turn learners away at the LMS with no reason.

The learner id is one claim of the LMS's signed launch (``SLL_LTI13_USERNAME_CLAIM``), so it
must be the id the roster, the Linux account and nbgrader all use; docs/lti.md says how each
LMS sends it. A launch without that claim is refused rather than logged in under another
id, so no learner is ever invented.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

PREFIX = "SLL_LTI13_"

# Each setting, the authenticator option it fills, and what it is (for the error sentence).
SETTINGS = {
    "SLL_LTI13_CLIENT_ID": ("client_id", "the client id the LMS gave the tool"),
    "SLL_LTI13_ISSUER": ("issuer", "the LMS's issuer, or platform id"),
    "SLL_LTI13_AUTHORIZE_URL": ("authorize_url", "the LMS's authentication request URL"),
    "SLL_LTI13_JWKS_URL": ("jwks_endpoint", "the LMS's public keyset URL"),
    "SLL_LTI13_USERNAME_CLAIM": ("username_key", "the claim that holds the learner id"),
}
URLS = ("SLL_LTI13_ISSUER", "SLL_LTI13_AUTHORIZE_URL", "SLL_LTI13_JWKS_URL")
# A top-level claim of the id_token (sub, email, ...) or custom_<name> for a custom parameter.
CLAIM = re.compile(r"^[A-Za-z0-9_.:/-]+$")


class SettingsError(ValueError):
    """The SLL_LTI13_ settings cannot make a working LTI 1.3 login; the message says why."""


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def settings(environ: Mapping[str, str]) -> dict[str, str] | None:
    """The LTI 1.3 settings from ``environ``, checked; ``None`` when none is given."""
    given = {k: v.strip() for k, v in environ.items() if k.startswith(PREFIX) and v.strip()}
    if not given:
        return None
    unknown = sorted(set(given) - set(SETTINGS))
    if unknown:
        verb = "is not an LTI 1.3 setting" if len(unknown) == 1 else "are not LTI 1.3 settings"
        raise SettingsError(
            f"{_listed(unknown)} {verb} of this hub; the settings are "
            f"{_listed(list(SETTINGS))} (docs/lti.md)."
        )
    missing = [name for name in SETTINGS if name not in given]
    if missing:
        what = "; ".join(f"{name} ({SETTINGS[name][1]})" for name in missing)
        raise SettingsError(
            f"The LTI 1.3 login is only partly set up: {what} "
            f"{'is' if len(missing) == 1 else 'are'} missing, so set "
            f"{'it' if len(missing) == 1 else 'them'} too, or unset every {PREFIX} setting "
            "to log in with Linux passwords (docs/lti.md)."
        )
    for name in URLS:
        url = urlparse(given[name])
        if url.scheme not in ("http", "https") or not url.netloc:
            raise SettingsError(
                f"{name} is {given[name]!r}, which is not a web address; copy "
                f"{SETTINGS[name][1]} from the LMS's tool registration (docs/lti.md)."
            )
    if not CLAIM.match(given["SLL_LTI13_USERNAME_CLAIM"]):
        raise SettingsError(
            f"SLL_LTI13_USERNAME_CLAIM is {given['SLL_LTI13_USERNAME_CLAIM']!r}, which is not "
            "a claim name; use sub, email or custom_<parameter> (docs/lti.md)."
        )
    return given


def authenticator_class() -> type:
    """LTI 1.3 login for people with a Linux account named as the claim (imported on demand)."""
    from jupyterhub.auth import LocalAuthenticator
    from ltiauthenticator.lti13.auth import LTI13Authenticator
    from ltiauthenticator.lti13.constants import LTI13_CUSTOM_CLAIM
    from ltiauthenticator.lti13.error import LoginError

    class LocalLTI13Authenticator(LocalAuthenticator, LTI13Authenticator):
        """LTI 1.3 launches; each learner runs as the Linux account named by the claim.

        ``LocalAuthenticator`` brings ``allowed_groups`` (a Linux group of trainees) and
        refuses a name with no Linux account, as the PAM login does.
        """

        def get_username(self, token: dict[str, Any]) -> str:
            """The configured claim, never ``sub`` in its place: an id is never invented."""
            key = self.username_key or "sub"
            claims = token
            name = key
            if key.startswith("custom_"):
                claims = token.get(LTI13_CUSTOM_CLAIM) or {}
                name = key[len("custom_") :]
            value = claims.get(name) if isinstance(claims, dict) else None
            if not isinstance(value, str) or not value.strip():
                raise LoginError(
                    f"The LMS sent no {key} for this person, so the hub cannot tell which "
                    "learner they are; ask the LMS administrator to send it (docs/lti.md)."
                )
            return value.strip()

    return LocalLTI13Authenticator


def configure(c: Any, environ: Mapping[str, str]) -> bool:
    """Switch the hub ``c`` to LTI 1.3 login when ``environ`` sets it up; say if it did."""
    given = settings(environ)
    if given is None:
        return False
    c.JupyterHub.authenticator_class = authenticator_class()
    options = c.LTI13Authenticator
    options.client_id = {x.strip() for x in given["SLL_LTI13_CLIENT_ID"].split(",") if x.strip()}
    for name, (option, _) in SETTINGS.items():
        if option != "client_id":
            setattr(options, option, given[name])
    options.tool_name = "System Leadership Lab"
    options.tool_description = "The System Leadership Lab course in JupyterLab, on the course hub"
    return True
