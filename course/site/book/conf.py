"""Sphinx settings for the course website (``course site`` passes this folder as ``-c``).

MyST-NB reads the staged notebooks and runs them, so every chart and table is drawn; the
sphinx-book-theme gives the reading layout (contents, previous/next, search, print styles).
Nothing is loaded from the internet: no widget scripts, no fonts or analytics from elsewhere.
"""

import course

project = "System Leadership Lab"
author = "System Leadership Lab contributors"
release = version = course.__version__
language = "en"

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**/.ipynb_checkpoints"]

# Headings get GitHub-style anchors, so the course's links to ``glossary.md#entry`` resolve.
myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence"]

nb_execution_mode = "force"
nb_execution_timeout = 180
nb_execution_raise_on_error = True
nb_execution_in_temp = False
nb_merge_streams = True
nb_ipywidgets_js = {}  # no widget manager from a CDN: the site shows no live widgets

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False
html_last_updated_fmt = None
html_theme_options = {
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "search_bar_text": "Search the course",
    "pygments_light_style": "a11y-high-contrast-light",
    "pygments_dark_style": "a11y-high-contrast-dark",
}
