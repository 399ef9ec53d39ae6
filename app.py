"""Review QA in the browser: upload a report (or pick a bundled sample) and see what was read.

Uploads are processed in memory only: nothing is written to disk or logged, and nothing leaves
this machine (Streamlit's usage statistics are switched off in .streamlit/config.toml).
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from qa import InputError, assess, load_document
from qa.report import REPORT_TYPE_NAMES

SAMPLES = Path(__file__).parent / "corpus_samples"
SAMPLE_SUFFIXES = (".pdf", ".docx", ".txt", ".md")


@st.cache_resource
def warm_pipeline():
    from qa.nlp import pipeline

    return pipeline()


def sample_files() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in SAMPLE_SUFFIXES and p.is_file())


def show(data: bytes, name: str) -> None:
    try:
        with st.spinner(f"Reading {name}..."):
            document = load_document(data, filename=name)
            assessment = assess(document)
    except InputError as exc:
        st.error(f"{name}: {exc.reason}")
        return
    stats = assessment.stats
    cols = st.columns(5)
    cols[0].metric("Pages", stats.pages if stats.pages else "n/a")
    cols[1].metric("Words", f"{stats.words:,}")
    cols[2].metric("Sentences", f"{stats.sentences:,}")
    cols[3].metric("Headings", stats.headings)
    cols[4].metric("Report type", REPORT_TYPE_NAMES.get(assessment.report_type, assessment.report_type))
    st.subheader("Structure found")
    rows = [
        {"kind": b.kind, "page": b.page, "level": b.level, "label": b.label, "text": b.text[:200]}
        for b in document.blocks
    ]
    only = st.multiselect("Show", ["heading", "paragraph", "list_item", "table_row"],
                          default=["heading", "list_item", "table_row"])
    st.dataframe([r for r in rows if r["kind"] in only], use_container_width=True, hide_index=True)
    with st.expander("Extracted text"):
        st.text(document.text)


def main() -> None:
    st.set_page_config(page_title="Review QA", layout="wide")
    st.title("Review QA")
    st.caption("Runs entirely on this machine: uploads are read in memory and nothing leaves it.")
    warm_pipeline()
    source = st.radio("Report", ["Pick a bundled sample", "Upload my report"], horizontal=True)
    if source == "Upload my report":
        upload = st.file_uploader("PDF, DOCX or TXT", type=["pdf", "docx", "txt", "md", "doc"])
        if upload is not None:
            show(upload.getvalue(), upload.name)
    else:
        samples = sample_files()
        if not samples:
            st.info("No bundled samples found in corpus_samples/.")
            return
        choice = st.selectbox("Sample report", [p.name for p in samples])
        if choice:
            path = SAMPLES / choice
            show(path.read_bytes(), choice)


main()
