"""The SLL_LTI13_ settings that switch the hub to LTI 1.3 login (hub/lti.py), without a hub.

None given keeps the password login; some given is one sentence naming what is missing; all
given fill the LTI13Authenticator. ``test_hub_lti.py`` starts a real hub with them.
"""

from __future__ import annotations

import importlib.util

import pytest

from conftest import REPO

CLIENT_ID = "sll-hub-client"


def load_lti():  # type: ignore[no-untyped-def]
    """hub/lti.py, loaded from its file as the hub's configuration loads it."""
    spec = importlib.util.spec_from_file_location("sll_hub_lti", REPO / "hub" / "lti.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


lti = load_lti()


def full_settings(base: str = "https://lms.example.org", claim: str = "custom_username"):
    return {
        "SLL_LTI13_CLIENT_ID": CLIENT_ID,
        "SLL_LTI13_ISSUER": base,
        "SLL_LTI13_AUTHORIZE_URL": f"{base}/mod/lti/auth.php",
        "SLL_LTI13_JWKS_URL": f"{base}/mod/lti/certs.php",
        "SLL_LTI13_USERNAME_CLAIM": claim,
    }


# --- The settings (quick, no hub) ------------------------------------------------------------


def test_without_lti_settings_the_hub_keeps_its_password_login() -> None:
    """No SLL_LTI13_ setting (or only empty ones) leaves the configuration untouched."""
    from traitlets.config import Config

    c = Config()
    assert lti.configure(c, {"SLL_LTI13_ISSUER": "  ", "HOME": "/root"}) is False
    assert c == Config()


def test_a_half_given_lti_setup_names_each_missing_setting() -> None:
    """Three settings missing: one sentence names each, what it is, and how to go back."""
    given = full_settings()
    for name in ("SLL_LTI13_AUTHORIZE_URL", "SLL_LTI13_JWKS_URL", "SLL_LTI13_USERNAME_CLAIM"):
        del given[name]
    with pytest.raises(lti.SettingsError) as caught:
        lti.settings(given)
    message = str(caught.value)
    assert message == (
        "The LTI 1.3 login is only partly set up: SLL_LTI13_AUTHORIZE_URL (the LMS's "
        "authentication request URL); SLL_LTI13_JWKS_URL (the LMS's public keyset URL); "
        "SLL_LTI13_USERNAME_CLAIM (the claim that holds the learner id) are missing, so set "
        "them too, or unset every SLL_LTI13_ setting to log in with Linux passwords "
        "(docs/lti.md)."
    )


def test_a_misspelt_lti_setting_is_named() -> None:
    """A setting the hub does not know (a typing slip) is named, not silently ignored."""
    with pytest.raises(lti.SettingsError, match=r"^SLL_LTI13_CLIENTID is not an LTI 1.3 setting"):
        lti.settings({**full_settings(), "SLL_LTI13_CLIENTID": "x"})


def test_an_lti_address_that_is_not_a_web_address_is_refused() -> None:
    """A keyset 'URL' without a scheme is refused in one sentence that names it."""
    with pytest.raises(lti.SettingsError, match=r"^SLL_LTI13_JWKS_URL is 'lms/certs', which is"):
        lti.settings({**full_settings(), "SLL_LTI13_JWKS_URL": "lms/certs"})


def test_full_lti_settings_set_up_the_lti13_authenticator() -> None:
    """Every setting goes to its LTI13Authenticator option; learners need a Linux account."""
    from jupyterhub.auth import LocalAuthenticator
    from ltiauthenticator.lti13.auth import LTI13Authenticator
    from traitlets.config import Config

    c = Config()
    assert lti.configure(c, full_settings(claim="sub")) is True
    chosen = c.JupyterHub.authenticator_class
    assert issubclass(chosen, LTI13Authenticator) and issubclass(chosen, LocalAuthenticator)
    options = c.LTI13Authenticator
    assert options.client_id == {CLIENT_ID}
    assert options.issuer == "https://lms.example.org"
    assert options.authorize_url == "https://lms.example.org/mod/lti/auth.php"
    assert options.jwks_endpoint == "https://lms.example.org/mod/lti/certs.php"
    assert options.username_key == "sub"


def test_several_client_ids_are_separated_by_commas() -> None:
    """Two registrations on one LMS: both client ids are accepted."""
    from traitlets.config import Config

    c = Config()
    lti.configure(c, {**full_settings(), "SLL_LTI13_CLIENT_ID": "1001, 1002,"})
    assert c.LTI13Authenticator.client_id == {"1001", "1002"}
