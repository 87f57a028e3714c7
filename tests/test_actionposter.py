"""The A3 action poster uses its pages: the points spread evenly over the fewest pages that hold them,
never a full page and a last one with a single point."""

import pytest
from pdfcheck import page_text, pages, squash
from test_actioncards import ROWS, filled_tables, papers_for

from waardenkaart.actionkit import POSTER_FILE

SHORT = [1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13]  # rows of the team's table without the 300-character one


def poster_pages(rows: list[int]) -> list[str]:
    data = filled_tables({number: ROWS[number] for number in rows}, school="de Regenboog", sessie2="2027-02-09 15:00")
    return [squash(page_text(page)) for page in pages(papers_for(data).files[POSTER_FILE])]


@pytest.mark.parametrize("count, per_page", [(7, [4, 3]), (11, [6, 5]), (4, [4])])
def test_the_points_are_spread_evenly_over_the_fewest_pages(count, per_page):
    shown = poster_pages(SHORT[:count])
    assert [text.count(squash("Wie:")) for text in shown] == per_page
    for number in SHORT[:count]:  # every point once, in full
        assert sum(text.count(squash(ROWS[number][0])) for text in shown) == 1, number
    assert [text.endswith(squash(f"blad {page} van {len(shown)}")) for page, text in enumerate(shown, 1)]
