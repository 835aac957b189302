"""The list kit: sort keys validated, headings that flip order, pages bounded."""

from django.http import QueryDict

from yjaudit.web import listing

COLUMNS = (
    listing.Column("name", "Name", ("name",)),
    listing.Column("start", "Start", ("start_date", "name")),
    listing.Column("count", "Count", numeric=True),  # not sortable
)


def test_sort_keys_are_read_and_unknown_ones_give_the_default() -> None:
    assert listing.read_sort(QueryDict("sort=-start"), COLUMNS, "name") == listing.Sorting(
        "start", True
    )
    for junk in ("sort=password", "sort=count", "sort=--", "sort=" + "n" * 65, ""):
        assert listing.read_sort(QueryDict(junk), COLUMNS, "-start") == listing.Sorting(
            "start", True
        ), junk


def test_order_ends_on_the_primary_key_in_the_same_direction() -> None:
    assert listing.order_fields(COLUMNS, listing.Sorting("start", True)) == (
        "-start_date",
        "-name",
        "-pk",
    )
    assert listing.order_fields(COLUMNS, listing.Sorting("name", False)) == ("name", "pk")


def test_headings_link_to_the_other_order_keep_filters_and_drop_the_page() -> None:
    query = QueryDict("q=leeds&page=3&sort=start")
    found = {
        h.column.key: h for h in listing.headings(query, COLUMNS, listing.Sorting("start", False))
    }
    assert found["start"].aria_sort == "ascending"
    assert QueryDict(found["start"].href[1:]).dict() == {"q": "leeds", "sort": "-start"}
    assert found["name"].aria_sort == "none" and "sort=name" in found["name"].href
    assert "page=" not in found["name"].href
    assert not found["count"].sortable
    flipped = listing.headings(query, COLUMNS, listing.Sorting("start", True))
    assert flipped[1].aria_sort == "descending" and "sort=start" in flipped[1].href


def test_pages_are_fifty_and_bad_page_numbers_give_a_page() -> None:
    items = list(range(120))
    page, rest = listing.paginate(items, QueryDict("page=2&sort=name"))
    assert list(page.object_list) == list(range(50, 100)) and rest == "sort=name"
    assert listing.paginate(items, QueryDict("page=999"))[0].number == 3
    assert listing.paginate(items, QueryDict("page=abc"))[0].number == 1
    assert listing.paginate(items, QueryDict("page=" + "9" * 100))[0].number == 1
