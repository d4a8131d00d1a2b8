"""JupyterHub for System Leadership Lab on one machine: a tutor and trainees with system accounts.

Run as root (it must check passwords and start each person's server as that person):

    jupyterhub -f /etc/jupyterhub/jupyterhub_config.py

Everyone logs in with their Linux user name and password (PAM), or, when the SLL_LTI13_
settings are given, arrives from Moodle or Canvas by LTI 1.3 (docs/lti.md). Each person gets
their own JupyterLab, running as their own account, with nbgrader's extensions from the Python
environment the hub runs in:

* trainees see *Assignments* (fetch, validate, submit) but not the formgrader or the
  *Create Assignment* sidebar (hub/trainee/ switches those off for them);
* the tutor sees everything, and the formgrader works on the course folder named in the
  tutor's ~/.jupyter/nbgrader_config.py.

The course id and the exchange folder are set for everybody in /etc/jupyter/nbgrader_config.py
(a copy of hub/nbgrader_config.py). Step-by-step set-up: docs/hub.md.
"""

import importlib.util
import os
import shutil
import sys

c = get_config()  # noqa: F821 (provided by traitlets when JupyterHub loads the file)

HERE = os.path.dirname(os.path.abspath(__file__))

# --- Who may log in --------------------------------------------------------------------------
# Linux accounts (create them with `useradd -m <name>` and give each a password).
TUTOR = "slltutor"
TRAINEES = {"slltrainee1", "slltrainee2"}
# For a real cohort, put the trainees in a Linux group and allow the group instead:
#   c.LocalAuthenticator.allowed_groups = {"sll-trainees"}
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = {TUTOR, *TRAINEES}
# Nobody is a hub admin (an admin can open other people's servers); set
# c.Authenticator.admin_users = {TUTOR} only if the tutor should be able to.

# LTI 1.3 login from the LMS in place of passwords when the SLL_LTI13_ settings are given
# (docs/lti.md): the LMS vouches for each person, who still needs a Linux account named as
# their learner id, and the allowed users or group above still decide who may come in.
# With some settings but not all, the hub stops with one sentence naming what is missing.
_spec = importlib.util.spec_from_file_location("sll_hub_lti", os.path.join(HERE, "lti.py"))
lti = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lti)
try:
    lti.configure(c, os.environ)
except lti.SettingsError as exc:
    sys.exit(str(exc))

# --- Where the hub listens and keeps its state -----------------------------------------------
# Put HTTPS in front of it (a reverse proxy, or c.JupyterHub.ssl_key / ssl_cert) before
# anyone logs in over a network: passwords are sent in the login form.
c.JupyterHub.bind_url = "http://:8000"
STATE = "/srv/jupyterhub"
c.JupyterHub.db_url = f"sqlite:///{STATE}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{STATE}/jupyterhub_cookie_secret"

# The proxy in front of the hub: the copy scripts/install-hub.sh installs beside this file
# (hub/node_modules), else `configurable-http-proxy` on PATH (npm install -g ...).
_LOCAL_PROXY = os.path.join(HERE, "node_modules", ".bin", "configurable-http-proxy")
c.ConfigurableHTTPProxy.command = [
    _LOCAL_PROXY if os.path.exists(_LOCAL_PROXY) else "configurable-http-proxy"
]

# --- Each person's server --------------------------------------------------------------------
# Started as the person's own account, in their home folder, from the same Python environment
# as the hub (which holds jupyterlab, nbgrader and the course package). That environment must
# be readable by every account (docs/hub.md uses /opt/system-leadership-lab/.venv), not under
# /root.
c.JupyterHub.spawner_class = "localprocess"
_BIN = os.path.dirname(sys.executable)
_SINGLEUSER = os.path.join(_BIN, "jupyterhub-singleuser")
c.Spawner.cmd = [
    _SINGLEUSER
    if os.path.exists(_SINGLEUSER)
    else shutil.which("jupyterhub-singleuser") or "jupyterhub-singleuser"
]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {"PATH": os.pathsep.join([_BIN, "/usr/local/bin", "/usr/bin", "/bin"])}

# Trainees get an extra Jupyter configuration folder that switches off the formgrader and
# the Create Assignment tool; the tutor does not. The course folder itself is private to the
# tutor (mode 0700), so this hides tools trainees could not use anyway.
TRAINEE_CONFIG = os.path.join(HERE, "trainee")


def pre_spawn_hook(spawner):
    """Give every account except the tutor the trainee view of nbgrader."""
    if spawner.user.name == TUTOR:
        return
    paths = [TRAINEE_CONFIG, spawner.environment.get("JUPYTER_CONFIG_PATH", "")]
    spawner.environment = {
        **spawner.environment,
        "JUPYTER_CONFIG_PATH": os.pathsep.join(p for p in paths if p),
    }


c.Spawner.pre_spawn_hook = pre_spawn_hook
