"""One error type whose message is a single sentence a learner or tutor can act on."""


class CourseError(Exception):
    """A problem the user can fix; the message says what is wrong and what to do."""
