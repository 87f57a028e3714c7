"""Reference renderings: where every line of text sits on every page, for two kits.

A layout change shows up here as a readable diff. After a change that is meant,
`pytest --regenerate-references` rewrites the files; commit them with the change.
"""

import json
from pathlib import Path

import pytest
from pdfcheck import pages

from waardenkaart.kit import CARD_FILE

REFERENCES = Path(__file__).parent / "references"


def rendering(kit) -> list[list[str]]:
    """Per page, one line per text run: position and size in points, font style, text."""
    return [
        [f"{run.x0:7.1f} {run.y0:7.1f} {run.size:5.2f} {run.font.split('-')[-1]:<8} {run.text}" for run in page.runs]
        for page in pages(kit.files[CARD_FILE])
    ]


@pytest.mark.parametrize("name", ["neutral", "long"])
def test_rendering_matches_the_reference(name, neutral_kit, long_kit, regenerate):
    kit = {"neutral": neutral_kit, "long": long_kit}[name]
    path = REFERENCES / f"{name}.json"
    current = rendering(kit)
    if regenerate:
        REFERENCES.mkdir(exist_ok=True)
        path.write_text(json.dumps(current, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert current == json.loads(path.read_text(encoding="utf-8"))


def test_ci_runs_exactly_the_readme_test_command():
    root = Path(__file__).parent.parent
    ci = (root / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert f"```sh\n{ci}\n```" in (root / "README.md").read_text(encoding="utf-8")
