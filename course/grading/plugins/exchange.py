"""Collecting from the nbgrader exchange without following a learner's links.

The exchange's inbound folder is writable by every learner. nbgrader's collect copies
each submission with ``shutil.copytree``, which follows symbolic links: a link placed in
a submission would make the tutor's account copy whatever file it points at (a key, the
gradebook, another learner's work) into ``submitted/``, where that learner's notebook
could then read it. ``LinkSafeCollect`` copies such a submission with its links kept as
links, so nothing outside it is read, and autograding then refuses it with the reason
(``course.grading.cohort.precheck``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import ignore_patterns


class LinkSafeCollect(ExchangeCollect):
    """nbgrader's exchange collect, copying symbolic links as links, never their targets."""

    def do_copy(self, src: str, dest: str, log=None) -> None:  # type: ignore[no-untyped-def]
        links = sorted(str(p.relative_to(src)) for p in Path(src).rglob("*") if p.is_symlink())
        if not links:
            return super().do_copy(src, dest, log)
        self.log.warning(
            "COURSE-LINK: %s holds links (%s); copied as links, not followed",
            src,
            ", ".join(links[:5]),
        )
        shutil.copytree(
            src,
            dest,
            symlinks=True,
            ignore=ignore_patterns(
                exclude=self.coursedir.ignore,
                include=self.coursedir.include,
                max_file_size=self.coursedir.max_file_size,
                log=self.log,
            ),
        )
        return None
