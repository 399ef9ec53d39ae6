"""Structure read from real DOCX, PDF (LibreOffice-converted and drawn) and TXT files."""
from __future__ import annotations

import pytest

from fixture_docs import ANALYSIS, BACKGROUND, CHRONOLOGY, GROUP_TWO, RECOMMENDATIONS, SUB_POINTS
from qa import assess, load_document
from qa.ingest.sniff import sniff


def assert_offsets(doc):
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text
    starts = [b.start for b in doc.blocks]
    assert starts == sorted(starts)


def headings(doc):
    return [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]


def list_items(doc):
    return [(b.label, b.level, b.body) for b in doc.blocks if b.kind == "list_item"]


EXPECTED_HEADINGS = [
    ("Rapid Review: Child L", 1), ("1. Introduction", 1), ("2. Background", 1), ("2.1 The family", 2),
    ("3. Chronology of agency involvement", 1), ("4. Analysis", 1), ("5. Recommendations", 1),
    ("Recommendations for strategic leaders", 2),
]
EXPECTED_ITEMS = [
    ("1.", 1, RECOMMENDATIONS[0]), ("a)", 2, SUB_POINTS[0]), ("b)", 2, SUB_POINTS[1]),
    ("2.", 1, RECOMMENDATIONS[1]), ("3.", 1, RECOMMENDATIONS[2]),
    ("1.", 1, GROUP_TWO[0]), ("2.", 1, GROUP_TWO[1]),
]


@pytest.mark.parametrize("name", ["docx", "pdf_libreoffice"])
def test_headings_lists_and_tables_from_word_and_its_pdf(files, name):
    doc = load_document(files[name])
    assert_offsets(doc)
    assert headings(doc) == EXPECTED_HEADINGS
    assert list_items(doc) == EXPECTED_ITEMS
    rows = [b.cells for b in doc.blocks if b.kind == "table_row"]
    assert rows == [tuple(r) for r in CHRONOLOGY]
    assert len({b.table for b in doc.blocks if b.kind == "table_row"}) == 1
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert BACKGROUND in paragraphs
    assert ANALYSIS in paragraphs  # wrapped lines rejoined exactly, even across a page break
    assert "OFFICIAL" not in doc.text  # running header
    assert "Page" not in doc.text  # footer with page-number field
    assert "Reviewer comment" not in doc.text


def test_docx_word_numbering_is_rebuilt_not_in_paragraph_text(files):
    import docx

    raw = [p.text for p in docx.Document(files["docx"]).paragraphs]
    assert RECOMMENDATIONS[0] in raw and not any(t.startswith("1.") and "partnership" in t for t in raw)
    doc = load_document(files["docx"])
    assert f"1. {RECOMMENDATIONS[0]}" in doc.text
    assert doc.pages is None and all(b.page is None for b in doc.blocks)


def test_libreoffice_pdf_pages(files):
    doc = load_document(files["pdf_libreoffice"])
    assert doc.pages == 5
    by_text = {b.text: b for b in doc.blocks}
    assert by_text["1. Introduction"].page == 1
    assert by_text["5. Recommendations"].page == 5
    for b in doc.blocks:
        assert doc.page_at(b.start) == b.page
    crossing = [b for b in doc.blocks if b.page and doc.page_at(b.end - 1) != b.page]
    assert crossing, "some paragraph should run over a page break"
    assert all(doc.page_at(b.end - 1) == b.page + 1 for b in crossing)


def test_drawn_pdf_contents_hyphenation_labels_and_pages(files):
    doc = load_document(files["pdf_drawn"])
    assert_offsets(doc)
    assert doc.pages == 3
    assert "........" not in doc.text and "Contents" not in doc.text
    assert "Appendix A" not in doc.text  # contents entry, not a heading
    assert "commissioned by the partnership" in doc.text  # "commis-/sioned" rejoined
    assert "multi-agency rapid review" in doc.text  # compound hyphen kept
    assert headings(doc) == [("1. Introduction", 1), ("2. Key practice episodes", 1), ("3. Recommendations", 1)]
    numbered = [(b.kind, b.label) for b in doc.blocks if b.label]
    assert numbered == [
        ("heading", "1."), ("heading", "2."), ("paragraph", "2.1"), ("paragraph", "2.2"), ("heading", "3."),
        ("list_item", "Recommendation 1:"), ("list_item", "Recommendation 2:"), ("list_item", "•"),
    ]
    episode = next(b for b in doc.blocks if b.label == "2.2")
    assert episode.text.endswith("although the father attended every appointment offered.")
    assert episode.page == 2
    assert doc.page_at(doc.text.index("described the family")) == 3
    assert "Page 2 of 3" not in doc.text and "OFFICIAL" not in doc.text


def test_text_encodings_and_markdown_structure(tmp_path):
    source = (
        "# Rapid Review: Child Q\n\n"
        "## 1. Background\n\n"
        "Child Q\u2019s mother said she was \u201cexhausted\u201d. Child Q is a\n"
        "Black British girl aged 14.\n\n"
        "KEY PRACTICE EPISODES\n\n"
        "3.1 On 4 April 2023 the police attended the family home.\n\n"
        "Recommendations\n"
        "1. The partnership should review the threshold document.\n"
        "   It should be published.\n"
        "(a) including early help\n"
        "- a bullet with a dash\n"
        "\u2022 a bullet with a dot\n\n"
        "| Date | Agency | Event |\n|---|---|---|\n| 4 April 2023 | Police | Attended the home |\n"
    )
    for name, data in [
        ("utf8.txt", source.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + source.encode("utf-8")),
        ("cp1252.md", source.replace("\u2022", "*").encode("cp1252")),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        doc = load_document(path)
        assert_offsets(doc)
        assert doc.format == "txt"
        assert doc.text.startswith("Rapid Review: Child Q")
        assert "Child Q\u2019s mother said she was \u201cexhausted\u201d" in doc.text
        assert headings(doc) == [("Rapid Review: Child Q", 1), ("1. Background", 2), ("KEY PRACTICE EPISODES", 1),
                                 ("Recommendations", 2)]
        items = list_items(doc)
        assert items[0] == ("1.", 1, "The partnership should review the threshold document. It should be published.")
        assert items[1][:2] == ("(a)", 2)
        assert [i[0] for i in items[2:]] == ["-", "\u2022" if name != "cp1252.md" else "*"]
        assert [b.cells for b in doc.blocks if b.kind == "table_row"] == [
            ("Date", "Agency", "Event"), ("4 April 2023", "Police", "Attended the home")]
        para = next(b for b in doc.blocks if b.label == "3.1")
        assert para.kind == "paragraph"


def test_text_form_feeds_give_pages(tmp_path):
    path = tmp_path / "paged.txt"
    path.write_text("Introduction\n\nFirst page text.\n\n1\n\fSecond page text here.\n\n2\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.pages == 2
    assert [(b.text, b.page) for b in doc.blocks] == [
        ("Introduction", 1), ("First page text.", 1), ("Second page text here.", 2)]
    assert doc.page_at(doc.text.index("Second")) == 2


def test_bytes_input_and_type_from_content(files):
    data = files["docx"].read_bytes()
    doc = load_document(data, filename="upload.pdf")
    assert doc.format == "docx" and doc.source == "upload.pdf"
    assert len(doc.sha256) == 64
    assert sniff(files["pdf_libreoffice"].read_bytes()) == "pdf"


CORPUS = __import__("pathlib").Path(__file__).resolve().parent.parent / "corpus_samples"


def test_pdf_table_rows_keep_wrapped_and_tightly_packed_cells_together():
    # lc23.pdf (LibreOffice): full cells leave too small a gap before the next column, and
    # several cells wrap onto a second line, including the first column of the last row.
    doc = load_document(CORPUS / "lc23.pdf")
    plan = [b.cells for b in doc.blocks if b.kind == "table_row" and b.table == next(
        r.table for r in doc.blocks if r.kind == "table_row" and r.cells[0] == "Action")]
    assert plan == [
        ("Action", "Lead", "By when"),
        ('Seven-minute briefing on neglect and "was not brought"', "Partnership business unit", "July 2025"),
        ("Relaunch of the neglect toolkit", "Education safeguarding service", "September 2025"),
        ("Audit of children not brought to appointments", "Integrated care board", "February 2026"),
        ("Review of conference guidance on interpreting", "Children's social care", "October 2025"),
    ]


def test_short_lead_in_line_ending_in_a_colon_is_not_a_heading():
    # rr30.pdf: "For Brindlecombe Police:" introduces a restarting group of recommendations
    doc = load_document(CORPUS / "rr30.pdf")
    lead_ins = [b for b in doc.blocks if b.text.rstrip(":") in ("For Brindlecombe Police", "For health")]
    assert [b.kind for b in lead_ins] == ["paragraph", "paragraph"]
    assert "Section 6 - Recommendations" in [b.text for b in doc.blocks if b.kind == "heading"]


def test_txt_heading_directly_above_a_numbered_paragraph():
    # rr34.txt (pdftotext): "SECTION 6: RECOMMENDATIONS" with "6.1 The rapid review ..." on the next line
    doc = load_document(CORPUS / "rr34.txt")
    heads = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "SECTION 6: RECOMMENDATIONS" in heads
    after = next(i for i, b in enumerate(doc.blocks) if b.text == "SECTION 6: RECOMMENDATIONS") + 1
    assert doc.blocks[after].text.startswith("6.1 The rapid review makes")


def test_pdf_table_row_broken_across_a_page_and_the_rows_after_it():
    # rr37.pdf: recommendation 2's row breaks over pages 8-9 (empty "No." cell at the top of
    # page 9); rows 3-5 on page 9 have cells packed too tightly to split without the columns
    doc = load_document(CORPUS / "rr37.pdf")
    table = next(b.table for b in doc.blocks if b.kind == "table_row" and b.cells[:2] == ("No.", "Recommendation"))
    rows = [b for b in doc.blocks if b.kind == "table_row" and b.table == table]
    assert [r.cells[0] for r in rows] == ["No.", "1", "2", "3", "4", "5"]
    assert rows[2].cells[1].endswith("obtained alone where appropriate, or explains why this was not possible.")
    assert rows[2].cells[2] == "Children's social care" and rows[3].page == 9


def test_txt_bullet_set_apart_by_spaces_and_sentence_case_heading_over_its_paragraph():
    # rr38.txt (pdftotext): "\uf0b7   The urgent treatment centre ..." and a sentence-case heading
    doc = load_document(CORPUS / "rr38.txt")
    k = next(i for i, b in enumerate(doc.blocks) if b.text == "Learning already being acted upon")
    assert doc.blocks[k].kind == "heading"
    assert doc.blocks[k + 1].text.startswith("The following learning was identified")
    items = [b for b in doc.blocks[k + 2:k + 4]]
    assert [(b.kind, b.label) for b in items] == [("list_item", "\u2022"), ("list_item", "\u2022")]
    assert items[0].body.startswith("The urgent treatment centre has introduced")


def test_txt_table_row_broken_over_a_page_gets_its_wrapped_cell_back():
    # rr36.txt: the first chronology row's Event cell wraps onto the top of page 2, under the
    # running header and footer that pdftotext leaves between them
    doc = load_document(CORPUS / "rr36.txt")
    row = next(b for b in doc.blocks if b.kind == "table_row" and b.cells[0] == "2 September 2022")
    assert row.cells[2].startswith("Child K born at Lynford Royal Infirmary at 39 weeks. Father's methadone")
    assert row.cells[2].endswith('"dad stable on script, no concerns".')
    assert not any(b.kind == "paragraph" and b.text.startswith("Father's methadone") for b in doc.blocks)


# Train/dev sources rendered in a format other than their own (corpus_samples/render.py's
# python-docx -> LibreOffice -> pdftotext chain), kept because they showed ingestion faults.
SWAPPED = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "format_swap"


def test_txt_paragraph_cut_by_a_page_break_before_a_capitalised_word_is_rejoined():
    # rr16 as TXT: "... Child R and her family are White" | page break | "European (Romanian). ..."
    doc = load_document(SWAPPED / "rr16.txt")
    assert any("Child R and her family are White European (Romanian)." in b.text for b in doc.blocks)


def test_txt_numbered_sentence_case_heading_over_its_numbered_paragraph():
    # lc17 as TXT: "7. Good practice and learning already captured" then "7.1 The nursery acted ..."
    doc = load_document(SWAPPED / "lc17.txt")
    k = next(i for i, b in enumerate(doc.blocks) if b.text.startswith("7. Good practice and learning"))
    assert doc.blocks[k].kind == "heading" and doc.blocks[k + 1].text.startswith("7.1 The nursery acted")


def test_recommendation_table_group_rows_and_a_no_recommendations_section_are_not_counted():
    lc29 = assess(load_document(SWAPPED / "lc29.docx"))  # theme rows "Adultification and identity | | "
    assert lc29.metrics["recommendation_count"] == 10
    lc37 = assess(load_document(SWAPPED / "lc37.docx"))  # "9. Why this review does not make recommendations"
    assert lc37.metrics["recommendation_count"] == 0
