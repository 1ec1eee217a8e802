"""briefgen: a static-site generator for annotated news briefings.

The pipeline, one sub-package per step:

* :mod:`briefgen.ingest`  - source articles (.txt, .md, .html) to plain text blocks;
* :mod:`briefgen.sidecar` - YAML sidecars, shared glossary and sources, validated;
* :mod:`briefgen.anchor`  - quotes and glossary terms to spans of the article body;
* :mod:`briefgen.render`  - one Markdown briefing per article through Jinja;
* :mod:`briefgen.publish` - the Pelican plugin and the outputs made around it: the site;
* :mod:`briefgen.checks`  - checks on the published HTML.
"""

from __future__ import annotations

__version__ = "0.1.0"
