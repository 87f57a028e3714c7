"""The second designer's review of every document but the deck (issue 24): one colour system, the cycle
poster read clockwise, run-sheets for the room, form fields that show every name, distinct font subsets,
crop marks where an office printer prints, and an action card led by its action."""

import io

from conftest import LONG_PROFILE, kit_for
from pypdf import PdfReader


def font_subsets(data: bytes) -> dict[str, bytes]:
    """Every embedded font of a file by its name, with its program."""
    found = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get_object()["/FontFile2"].get_object().get_data()
            found[str(font["/BaseFont"])] = program
    return found


def test_every_font_subset_has_a_tag_of_its_own_across_the_kits_files():
    """Two subsets of one name in two files would be swapped by a shop that merges them: a tag names one
    subset only, and the same subset keeps its tag (reproducible output)."""
    programs: dict[str, bytes] = {}
    for kit in (kit_for(LONG_PROFILE), kit_for()):
        for name, data in kit.files.items():
            if not name.endswith(".pdf"):
                continue
            for font, program in font_subsets(data).items():
                tag, _, family = font.lstrip("/").partition("+")
                assert len(tag) == 6 and tag.isupper() and family, (name, font)
                assert tag != "AAAAAA", (name, font)
                assert programs.setdefault(font, program) == program, (name, font)
    tags = [font.lstrip("/").split("+")[0] for font in programs]
    assert len(programs) > 10 and len(set(tags)) == len(tags)
