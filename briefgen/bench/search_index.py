"""What the search index costs: Pagefind over a site the benchmark built.

Run as ``python -m briefgen.bench.search_index OUTPUT BUNDLE``: indexes the
pages of ``OUTPUT`` (as every build does) into ``BUNDLE``, leaving ``OUTPUT``
as it is, and prints how many files the bundle has and their size.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from briefgen.publish.outputs.search import index_site

if __name__ == "__main__":
    output, bundle = Path(sys.argv[1]), Path(sys.argv[2])
    shutil.rmtree(bundle, ignore_errors=True)
    index_site(output, bundle)
    files = [p for p in bundle.rglob("*") if p.is_file()]
    print(f"search bundle: {len(files)} files, {sum(p.stat().st_size for p in files)} bytes",
          file=sys.stderr)
