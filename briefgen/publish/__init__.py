"""Publish: the rendered briefings become the static site.

Two halves, along the line between Pelican and what is made around it:

* :mod:`briefgen.publish.plugin` - the Pelican plugin (reader, writer,
  generators, the theme's filters): what runs inside one Pelican run;
* :mod:`briefgen.publish.outputs` - what the build makes around that run:
  the staging folder swapped in for the output (``staging``), the search
  index (``search``), the W3C annotation export (``annotations``), the
  record of what was published (``record``) and the site's address
  (``siteurl``).
"""
