"""The independent checkers the suite runs against what the site serves: the Nu Html
Checker (the W3C's validator) and axe-core, both at the releases pinned in
`package.json` and installed by `npm ci` (`.ci/run` does it).

Where one is missing the tests that need it are skipped, and pytest's summary
prints the reason and the command that installs it.
"""

import json
import shutil
import subprocess  # nosec B404: runs the pinned validator, never input
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_HINT = "run `npm ci` in the project's root"


def needs_nu_checker():
    """Skip, saying why, unless the Nu Html Checker and a Java to run it are here."""
    if shutil.which("java") is None:
        pytest.skip("Nu Html Checker skipped: no Java (apt-get install default-jre).")
    if not NU_JAR.exists():
        pytest.skip(
            f"Nu Html Checker skipped: vnu.jar is not installed ({INSTALL_HINT})."
        )


def nu_errors(documents):
    """{name: ["line N: message", ...]} for each HTML document in `documents`
    ({name: bytes}), as the Nu Html Checker reports its errors; one Java start for all.
    """
    needs_nu_checker()
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for number, (name, content) in enumerate(documents.items()):
            path = Path(folder) / f"page{number}.html"
            path.write_bytes(content)
            paths[path.name] = name
        completed = subprocess.run(  # nosec B603: fixed arguments, no shell
            [
                shutil.which("java"),
                "-jar",
                str(NU_JAR),
                "--format",
                "json",
                "--errors-only",
                *(str(Path(folder) / f"page{n}.html") for n in range(len(paths))),
            ],
            capture_output=True,
            check=False,
            timeout=300,
        )
    report = json.loads(completed.stderr or completed.stdout)
    errors = {name: [] for name in documents}
    for message in report["messages"]:
        # The checker names each file by a URL of its own spelling; match its name.
        name = paths[message["url"].rsplit("/", 1)[-1]]
        errors[name].append(
            f"line {message.get('lastLine', '?')}: {message['message']}"
        )
    return errors


def pinned_version(package):
    """The release of `package` that package.json pins."""
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    return manifest["devDependencies"][package]


def axe_source():
    """The pinned axe-core's script; skip, saying why, where it is not installed."""
    if not AXE_SCRIPT.exists():
        pytest.skip(
            f"axe-core checks skipped: axe-core is not installed ({INSTALL_HINT})."
        )
    return AXE_SCRIPT.read_text(encoding="utf-8")
