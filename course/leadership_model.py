"""The nine dimensions of the NHS Healthcare Leadership Model, by name, with a link to the model.

The course tags each self-rating item with the dimension it touches so that a learner can take
their ratings into an appraisal that uses the model. Only the names are held here: the
descriptions belong to the NHS Leadership Academy and are read on its own page (``URL``).
"""

from __future__ import annotations

URL = "https://www.leadershipacademy.nhs.uk/resources/healthcare-leadership-model/"
MODEL = "NHS Healthcare Leadership Model"

# Slug -> the dimension's name, in the order the model lists them.
DIMENSIONS: dict[str, str] = {
    "inspiring_shared_purpose": "Inspiring shared purpose",
    "leading_with_care": "Leading with care",
    "evaluating_information": "Evaluating information",
    "connecting_our_service": "Connecting our service",
    "sharing_the_vision": "Sharing the vision",
    "engaging_the_team": "Engaging the team",
    "holding_to_account": "Holding to account",
    "developing_capability": "Developing capability",
    "influencing_for_results": "Influencing for results",
}


def name(slug: str) -> str:
    """The dimension's name for ``slug``; the slug itself if it is not one of the nine."""
    return DIMENSIONS.get(slug, slug)


def markdown_link() -> str:
    """The model's name as a Markdown link to the NHS Leadership Academy's page."""
    return f"[{MODEL}]({URL})"
