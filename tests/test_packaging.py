"""How the project is built and tested: the wheel carries the data the code needs, and CI tests the
working tree through the README's own command."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent
DATA = ("content", "layouts", "fonts")


def test_the_wheel_carries_content_layouts_and_fonts_and_works_on_its_own(tmp_path):
    """Built once as pip builds it; installed apart from the tree, the kit maker finds all its data there."""
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(tmp_path), str(ROOT)]
    subprocess.run(build, check=True, capture_output=True)
    (wheel,) = tmp_path.glob("waardenkaart-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packed = {name: archive.read(name) for name in archive.namelist()}
    for folder in DATA:
        files = [path for path in (ROOT / folder).rglob("*") if path.is_file()]
        assert files, folder
        for path in files:
            name = f"waardenkaart/{path.relative_to(ROOT).as_posix()}"
            assert packed.get(name) == path.read_bytes(), name
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    check = (
        "import waardenkaart, waardenkaart.kit as kit, waardenkaart.intake.resources as r; "
        "kit.default_maker(); print(waardenkaart.__file__); print(*(r.data_dir(n) for n in ('content', 'layouts', 'fonts')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    )
    package = site / "waardenkaart"
    assert result.stdout.split() == [str(package / "__init__.py"), *(str(package / name) for name in DATA)]


def test_ci_runs_the_readme_test_command_on_an_editable_install():
    """The tests import the tree being edited, not a copy installed before the last change."""
    command = "python3 -m venv .venv && .venv/bin/pip install --quiet -e '.[test]' && .venv/bin/pytest -q"
    assert f"```sh\n{command}\n```" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1] == command
    import waardenkaart

    assert Path(waardenkaart.__file__).resolve().parent == ROOT / "waardenkaart"
