"""Reference renderings, so that a design change is seen in review.

For two kits, where every line of text sits on every page of the print file (a readable diff); and for
a kit with the team's values, PNG renderings of a few pages of EVERY document it holds, in
tests/references/png/. After a change that is meant, `pytest --regenerate-references` rewrites them;
look at every changed image and commit them with the change. On CI (CI=true) the flag is refused.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import LONG_PROFILE, kit_for
from pdfcheck import pages
from PIL import Image, ImageChops

from waardenkaart.kit import CARD_FILE

REFERENCES = Path(__file__).parent / "references"
PNG = REFERENCES / "png"
DPI = 50
VALUED = {**LONG_PROFILE, "school": "de Regenboog", "directeur": "Anna de Vries", "krant": "het Parool"}


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


def shown_pages(count: int) -> list[int]:
    """A few pages of a document: the first two and the last (every page of a short one)."""
    return sorted({index for index in (0, 1, count - 1) if 0 <= index < count})


def images(data: bytes) -> dict[int, Image.Image]:
    document = pdfium.PdfDocument(data)
    return {
        index + 1: document[index].render(scale=DPI / 72).to_pil().convert("RGB")
        for index in shown_pages(len(document))
    }


@pytest.fixture(scope="module")
def valued_kit():
    return kit_for(VALUED)


def test_every_document_of_a_kit_with_values_has_reference_renderings(valued_kit, regenerate):
    documents = [name for name in valued_kit.files if name.endswith(".pdf")]
    assert len(documents) == 12
    differences = []
    for name in documents:
        for number, image in images(valued_kit.files[name]).items():
            path = PNG / f"{name.removesuffix('.pdf')}-{number}.png"
            if regenerate:
                PNG.mkdir(parents=True, exist_ok=True)
                image.save(path, optimize=True)
                continue
            assert path.exists(), f"{path.name} ontbreekt: pytest --regenerate-references"
            reference = Image.open(path).convert("RGB")
            if reference.size != image.size:
                differences.append((path.name, "size", reference.size, image.size))
                continue
            changed = ImageChops.difference(reference, image).convert("L").point(lambda value: value > 48 and 255)
            share = sum(changed.histogram()[255:]) / (image.width * image.height)
            if share > 0.002:  # more than anti-aliasing: the design changed
                differences.append((path.name, f"{share:.1%} of the pixels"))
    assert not differences, differences


def test_the_references_are_not_regenerated_on_ci():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--regenerate-references", "-q", "--co", str(Path(__file__))],
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "true"},
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode != 0
    assert "--regenerate-references werkt niet op CI" in result.stdout + result.stderr


def test_ci_runs_exactly_the_readme_test_command():
    root = Path(__file__).parent.parent
    ci = (root / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert f"```sh\n{ci}\n```" in (root / "README.md").read_text(encoding="utf-8")
