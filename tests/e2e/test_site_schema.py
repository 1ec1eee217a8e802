"""The site's sidecar schema (ids as suggestions), kept by the build; the pre-commit hook."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

from ruamel.yaml import YAML

from briefgen.cli import main
from tests.conftest import REPO, SETTINGS, Run, write_files

FILES = {
    "content/briefings/alpha.txt": "Alpha\n\nThe YPG and the SDF.\n",
    "content/briefings/alpha.yaml": (
        "date: 2025-02-06\noutlet: wire\nsummary: A.\n"
        "claims:\n  - {quote: The YPG, source: wire, credibility: 3, id: ypg-named}\n"
    ),
    "content/briefings/beta.txt": "Beta\n\nThe SDF again.\n",
    "content/briefings/beta.yaml": "date: 2025-02-07\noutlet: wire\nstatus: draft\nsummary: B.\n",
    "content/sources/more.yaml": (
        "unnamed:\n  name: Unnamed\n  kind: anonymous-official\n  reliability: C\n"
        "  rationale: Unnamed officials.\n"
    ),
}


def test_the_build_keeps_the_site_schema_with_its_ids(site: Callable[..., Run]) -> None:
    run = site(FILES)
    assert run.status == 0, run.stderr
    path = run.root / ".briefgen" / "sidecar.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    properties, defs = schema["properties"], schema["$defs"]
    assert properties["outlet"]["examples"] == ["wire", "unnamed"]  # outlets first
    assert properties["sources"]["items"]["anyOf"][0]["examples"] == ["unnamed", "wire"]
    assert defs["ClaimEntry"]["properties"]["source"]["examples"] == ["unnamed", "wire"]
    assert properties["glossary_exclude"]["items"]["examples"] == ["sdf", "ypg"]
    assert defs["LocalTerm"]["properties"]["id"]["examples"] == ["sdf", "ypg"]
    assert defs["Related"]["properties"]["slug"]["examples"] == ["alpha"]  # not the draft
    # A follow-up's claim completes as slug#id.
    assert defs["FollowEntry"]["properties"]["claim"]["examples"] == ["alpha#ypg-named"]
    assert properties["status"]["enum"] == ["draft", "published"]

    # `briefgen schema` prints the same schema; a new term shows up after the next build.
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["schema", "--root", str(run.root), "--settings", str(SETTINGS)]) == 0
    assert out.getvalue() == path.read_text(encoding="utf-8")
    write_files(run.root, {"content/glossary/more.yaml": "pkk:\n  term: PKK\n  definition: P.\n"})
    assert site({}).status == 0
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["properties"]["glossary_exclude"]["items"]["examples"] == ["pkk", "sdf", "ypg"]


def test_schema_outside_a_site_is_the_plain_schema(tmp_path: Path) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["schema", "--root", str(tmp_path)]) == 0
    schema = json.loads(out.getvalue())
    assert "examples" not in schema["properties"]["outlet"]


def test_the_pre_commit_hook_runs_check_and_fails_on_errors(site: Callable[..., Run]) -> None:
    [hook] = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["language"], hook["pass_filenames"]) == (
        "briefgen-check", "python", False
    )
    run = site(FILES)
    entry = hook["entry"].split()
    assert entry[:2] == ["briefgen", "check"]
    # As pre-commit runs it: in the repository root, the settings file there.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    (run.root / "pelicanconf.py").write_text(SETTINGS.read_text(encoding="utf-8"), "utf-8")
    good = subprocess.run(entry, cwd=run.root, env=env, capture_output=True, text=True,
                          check=False)
    assert good.returncode == 0, good.stderr
    write_files(run.root, {"content/briefings/alpha.yaml": (
        "date: 2025-02-06\noutlet: wirre\nsummary: A.\n"
    )})
    bad = subprocess.run(entry, cwd=run.root, env=env, capture_output=True, text=True,
                         check=False)
    assert bad.returncode == 1
    assert "content/briefings/alpha.yaml:2:9: error: unknown outlet 'wirre'" in bad.stderr
