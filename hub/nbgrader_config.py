"""nbgrader settings shared by every account on the hub: install as /etc/jupyter/nbgrader_config.py.

nbgrader reads /etc/jupyter/nbgrader_config.py for every user (tutor and trainees), so
this is where the course id and the exchange folder are set once for everybody. The
course folder's own nbgrader_config.py (grader_config.py) is read after it by the tutor
and sets the same course id. See docs/hub.md.
"""

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads the file)

# Must match grader_config.py (COURSE_ID there, "system-leadership-lab" by default).
c.CourseDirectory.course_id = "system-leadership-lab"

# The folder nbgrader's exchange moves files through. Create it once, as root, writable by
# everybody with the sticky bit (so nobody can delete another person's files):
#   install -d -m 1777 /srv/nbgrader/exchange
c.Exchange.root = "/srv/nbgrader/exchange"
