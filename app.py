"""Review QA in the browser: check one report, triage several, or explore an archive database.

A thin view: the data shaping lives in qa/views.py (pure, unit-tested) and every report goes
through qa.load_document() and qa.assess(), as on the command line. Uploads are read in memory
only: nothing is written to disk or logged, and nothing leaves this machine (Streamlit serves on
localhost and its usage statistics are off: .streamlit/config.toml).
"""
from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from qa import assess, load_document
from qa.evaluate import HEADLINE
from qa.report import REPORT_TYPE_NAMES
from qa import views

SAMPLES = Path(__file__).parent / "corpus_samples"
SAMPLE_SUFFIXES = (".pdf", ".docx", ".txt", ".md")
DEFAULT_SAMPLE = "rr15.pdf"  # a rapid review with fails, warnings and victim-blaming findings
UPLOAD_TYPES = ["pdf", "docx", "txt", "md", "doc"]  # .doc is accepted so the page can say what to do
ARCHIVE_TYPES = ["sqlite", "sqlite3", "db"]
PRIVACY = ("Runs entirely on this machine: files are read in memory, never saved or logged, and "
           "nothing is sent anywhere.")
BAND_COLOURS = {"red": "#c0392b", "amber": "#e0a100", "green": "#2e8b57"}
STATUS_COLOURS = {"fail": "red", "warn": "orange", "pass": "green", "error": "violet", "not_applicable": "gray"}
CELL_STYLES = {"fail": "background-color: #f8d7da", "warn": "background-color: #fff3cd",
               "pass": "background-color: #e3f1e6", "red": "background-color: #f8d7da",
               "amber": "background-color: #fff3cd", "green": "background-color: #e3f1e6"}
EVIDENCE_SHOWN = 40


# ---------------------------------------------------------------- cached work

@st.cache_resource(show_spinner=False)
def warm_pipeline() -> bool:
    """Load the spaCy pipeline, lexicons and models once per server process."""
    assess(load_document(b"# Warm-up\n\nChild A said she was happy at school.\n", filename="warm-up.txt"))
    return True


@st.cache_data(max_entries=64, show_spinner=False)
def cached_assess(data: bytes, name: str) -> views.Outcome:
    """One file's assessment, kept in this server's memory (never on disk) keyed on its bytes."""
    return views.assess_bytes(data, name)


def sample_files() -> list[Path]:
    """The bundled samples, without the test and holdout reports (corpus_samples/splits.json):
    they are kept for measuring accuracy, and looking at the tool's output on them would let it
    be tuned on them."""
    if not SAMPLES.is_dir():
        return []
    splits = SAMPLES / "splits.json"
    kept = json.loads(splits.read_text()) if splits.is_file() else {}
    sealed = set(kept.get("test", [])) | set(kept.get("holdout", []))
    return sorted(p for p in SAMPLES.iterdir()
                  if p.suffix.lower() in SAMPLE_SUFFIXES and p.is_file() and p.stem not in sealed)


@st.cache_data(show_spinner=False)
def sample_title(name: str) -> str:
    """"rr15.pdf · Rapid Review - Child X", from the title in the sample's source."""
    source = SAMPLES / "sources" / f"{Path(name).stem}.md"
    if source.is_file():
        for line in source.read_text(encoding="utf-8").splitlines()[:8]:
            if line.startswith("title:"):
                return f"{name} \u00b7 {line.partition(':')[2].strip()}"
    return name


def md(text: str) -> str:
    """Text from a report or a check, shown literally inside Streamlit markdown."""
    for ch in "\\`*_[]<>$~|#":
        text = text.replace(ch, "\\" + ch)
    return text


# ---------------------------------------------------------------- one report

def check_one_view() -> None:
    source = st.radio("Report to check", ["Pick a bundled sample", "Upload my report"], horizontal=True,
                      key="one_source")
    if source == "Upload my report":
        upload = st.file_uploader("Your report: PDF, DOCX or TXT", type=UPLOAD_TYPES, key="one_upload")
        if upload is None:
            st.info("Choose a file to see its feedback. It is read in memory and not kept.")
            return
        name, data = upload.name, upload.getvalue()
    else:
        samples = sample_files()
        if not samples:
            st.info("No bundled samples found in corpus_samples/.")
            return
        names = [p.name for p in samples]
        index = names.index(DEFAULT_SAMPLE) if DEFAULT_SAMPLE in names else 0
        name = st.selectbox("Sample report (fictional)", names, index=index, key="one_sample",
                            format_func=sample_title)
        data = (SAMPLES / name).read_bytes()
    with st.spinner(f"Checking {name}..."):
        outcome = cached_assess(data, name)
    if outcome.error:
        st.error(f"{name}: {outcome.error}")
        return
    show_assessment(outcome.assessment, name, key="one")


def show_assessment(a, name: str, key: str) -> None:
    st.subheader(f"Feedback on {name}")
    cols = st.columns(4)
    with cols[0]:
        st.metric("Score", f"{a.score:.0f}/100" if a.score is not None else "n/a")
        if a.band:
            st.badge(f"{a.band.capitalize()} band", color={"amber": "orange"}.get(a.band, a.band))
    kind = REPORT_TYPE_NAMES.get(a.report_type, a.report_type)
    cols[1].metric("Report type", kind[:1].upper() + kind[1:])
    cols[2].metric("Pages", a.stats.pages if a.stats.pages else "n/a")
    cols[3].metric("Words", f"{a.stats.words:,}")
    counts = views.status_counts(a.checks)
    st.markdown("  ·  ".join(f":{STATUS_COLOURS.get(s, 'gray')}[{views.status_mark(s)} {n} "
                             f"{views.STATUS_LABELS.get(s, s).lower()}]" for s, n in counts.items()))
    for w in a.warnings:
        st.caption(f"Note: {w}")

    downloads(a, name, key)

    sections = sorted({c.section for c in a.checks}, key=views.section_title)
    f1, f2 = st.columns(2)
    chosen_status = f1.multiselect("Filter by status", list(views.STATUS_LABELS), key=f"{key}_status",
                                   placeholder="All statuses",
                                   format_func=lambda s: views.STATUS_LABELS.get(s, s))
    chosen_sections = f2.multiselect("Filter by checklist section", sections, key=f"{key}_section",
                                     placeholder="All sections", format_func=views.section_title)
    st.subheader("Feedback, check by check")
    shown = views.filter_checks(a.checks, set(chosen_status) or None, set(chosen_sections) or None)
    if not shown:
        st.info("No checks match these filters.")
    for status, checks in views.group_by_status(shown):
        st.markdown(f"#### {views.STATUS_LABELS.get(status, status)} ({len(checks)})")
        for check in checks:  # the chosen quote belongs to this document: its key carries the hash
            check_card(check, a.document.text, f"{key}_{(a.document.sha256 or '')[:12]}")


def check_card(c, text: str, key: str) -> None:
    colour = STATUS_COLOURS.get(c.status, "gray")
    with st.container(border=True):
        st.markdown(f":{colour}[**{views.status_mark(c.status)} {c.status.replace('_', ' ').upper()}**]  "
                    f"**{md(c.title)}**  ·  {md(views.section_title(c.section))}  ·  `{c.id}`")
        st.markdown(md(c.message))
        if c.guidance:
            st.caption("Guidance: " + md("; ".join(f"{g.source}, {g.ref}" for g in c.guidance)))
        suggestions = [(e, views.split_note(e.note)[1]) for e in c.evidence]
        suggestions = [(e, s) for e, s in suggestions if s]
        if suggestions:
            st.markdown("**Suggested wording**")
            st.markdown("\n".join(f"- \u201c{md(' '.join(e.text.split()))}\u201d ({views.page_label(e.page)}) "
                                  f"\u2192 {md(s)}" for e, s in suggestions[:8]))
            if len(suggestions) > 8:
                st.caption(f"... and {len(suggestions) - 8} more in the evidence below.")
        if c.evidence:
            evidence_viewer(c, text, key)


def evidence_viewer(c, text: str, key: str) -> None:
    ev = c.evidence[:EVIDENCE_SHOWN]
    with st.expander(f"Evidence ({len(c.evidence)}): show it in the document"):
        i = st.radio("Quote", range(len(ev)), format_func=lambda k: views.evidence_label(ev[k]),
                     key=f"{key}_ev_{c.id}", label_visibility="collapsed")
        if len(c.evidence) > len(ev):
            st.caption(f"The first {len(ev)} of {len(c.evidence)} are listed; the JSON download has them all.")
        e = ev[i]
        context, suggestion = views.split_note(e.note)
        if context:
            st.caption(md(context[:1].upper() + context[1:]))
        if suggestion:
            st.info(f"Suggested wording: {md(suggestion)}")
        st.markdown(views.highlight_html(text, e.start, e.end, e.page), unsafe_allow_html=True)


def downloads(a, name: str, key: str) -> None:
    stem = views.download_stem(name)
    cols = st.columns(4)
    letter_downloads(cols[:2], a, stem, key)
    cols[2].download_button("JSON report", views.report_json(a, name), file_name=f"{stem}-review-qa.json",
                            mime="application/json", key=f"{key}_json", on_click="ignore", icon=":material/data_object:")
    cols[3].download_button("Checks (CSV)", views.checks_csv(a), file_name=f"{stem}-checks.csv", mime="text/csv",
                            key=f"{key}_csv", on_click="ignore", icon=":material/table:")


def letter_downloads(cols, a, stem: str, key: str) -> None:
    """The Panel-style feedback letter (qa.letter), built when the button is clicked."""
    from qa.letter import letter_docx, letter_markdown

    cols[0].download_button(
        "Feedback letter (DOCX)", lambda: letter_docx(a), file_name=f"{stem}-feedback-letter.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", key=f"{key}_letter_docx",
        on_click="ignore", type="primary", icon=":material/description:")
    cols[1].download_button(
        "Feedback letter (Markdown)", lambda: letter_markdown(a), file_name=f"{stem}-feedback-letter.md",
        mime="text/markdown", key=f"{key}_letter_md", on_click="ignore", icon=":material/article:")


# ---------------------------------------------------------------- several reports

def triage_view() -> None:
    files = st.file_uploader("Reports to compare: PDF, DOCX or TXT (select several)", type=UPLOAD_TYPES,
                             accept_multiple_files=True, key="triage_upload")
    if not files:
        st.info("Upload several reports to rank them by score and see which checks fail most often.")
        return
    bar = st.progress(0.0, text="Starting...")

    def progress(i: int, n: int, name: str) -> None:
        bar.progress(i / n, text=f"Checking {name} ({i + 1} of {n})..." if name else "Done")

    names = views.unique_names(f.name for f in files)
    outcomes = views.assess_many(((n, f.getvalue()) for n, f in zip(names, files)), cached_assess, progress)
    bar.empty()
    for o in outcomes:
        if o.error:
            st.error(f"{o.name}: {o.error}")
    rows = views.triage_rows(outcomes)
    if not rows:
        return
    st.subheader(f"{len(rows)} report{'s' if len(rows) != 1 else ''}, lowest score first")
    frame = pd.DataFrame(rows)
    st.dataframe(styled(frame), hide_index=True, column_config=score_columns(views.check_titles()),
                 key="triage_table")
    st.download_button("Table (CSV)", views.to_csv(rows), file_name="review-qa-triage.csv", mime="text/csv",
                       on_click="ignore", key="triage_csv", icon=":material/table:")
    st.subheader("Which checks fail most")
    flagged_chart(views.failure_rows(outcomes), share=False, every="report")
    assessed = {o.name: o.assessment for o in outcomes if o.assessment is not None}
    pick = st.selectbox("Open the feedback for one report", [r["report"] for r in rows], key="triage_pick")
    if pick:
        show_assessment(assessed[pick], pick, key="triage_one")


def styled(frame: pd.DataFrame):
    """Headline statuses and bands as coloured cells."""
    present = [c for c in (*HEADLINE, "band") if c in frame.columns]
    return frame.style.map(lambda v: CELL_STYLES.get(v, ""), subset=present).format(precision=1)


def score_columns(titles: dict) -> dict:
    config = {"score": st.column_config.ProgressColumn("Score", min_value=0, max_value=100, format="%.0f"),
              "pages": st.column_config.NumberColumn("Pages", format="%d"),
              "words": st.column_config.NumberColumn("Words", format="localized"),
              "recommendations": st.column_config.NumberColumn("Recommendations", format="%d"),
              "chronology %": st.column_config.NumberColumn("Chronology %", format="%d%%")}
    for cid in HEADLINE:
        config[cid] = st.column_config.TextColumn(cid.replace("_", " ").capitalize(), help=titles.get(cid, cid))
    return config


def flagged_chart(rows: list[dict], share: bool, every: str) -> None:
    """The chart of the checks that failed or warned at least once; the rest named in one line."""
    flagged = [r for r in rows if r["fail"] or r["warn"]]
    if flagged:
        st.altair_chart(check_chart(flagged, share), width="stretch")
    clear = len(rows) - len(flagged)
    if clear:
        st.caption(f"{clear} other check{'s' if clear != 1 else ''} passed (or did not apply) in every {every}.")


def check_chart(rows: list[dict], share: bool) -> alt.Chart:
    """Horizontal bars per check: reports failing (red) and warning (amber), most failing at the top."""
    long = pd.DataFrame([{"check": r["title"], "result": result, "value": r[result]}
                         for r in rows for result in ("fail", "warn")])
    order = [r["title"] for r in rows]
    axis = alt.Axis(format="%") if share else alt.Axis(tickMinStep=1)
    label = "Share of reports" if share else "Reports"
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("check:N", sort=order, title=None, axis=alt.Axis(labelLimit=360, labelOverlap=False)),
            x=alt.X("value:Q", stack="zero", title=label, axis=axis),
            color=alt.Color("result:N", scale=alt.Scale(domain=["fail", "warn"],
                                                        range=[BAND_COLOURS["red"], BAND_COLOURS["amber"]]),
                            legend=alt.Legend(title=None, orient="top")),
            order=alt.Order("result:N"),
            tooltip=["check", "result", alt.Tooltip("value:Q", format=".0%" if share else "d", title=label)],
        )
        .properties(height=alt.Step(26))
    )


# ---------------------------------------------------------------- an archive

def archive_view() -> None:
    st.markdown("Open a database written by `review-qa batch PATH... --out FILE.sqlite`.")
    c1, c2 = st.columns(2)
    upload = c1.file_uploader("Upload the database", type=ARCHIVE_TYPES, key="archive_upload")
    path = c2.text_input("...or the path of a database on this machine (opened read-only)", key="archive_path")
    try:
        if upload is not None:
            db = views.open_archive_bytes(upload.getvalue())
        elif path.strip():
            db = views.open_archive_path(path.strip())
        else:
            st.info("Choose a database to see how an archive of reports scores.")
            return
    except views.ArchiveError as exc:
        st.error(f"{upload.name if upload is not None else path}: {exc}")
        return
    try:
        show_archive(db)
    finally:
        db.close()


def show_archive(db) -> None:
    summary = views.archive_summary(db)
    cols = st.columns(4)
    cols[0].metric("Reports", summary["reports"])
    cols[1].metric("Assessed", summary["ok"])
    cols[2].metric("Could not be read", summary["errors"])
    cols[3].metric("Mean score", summary["mean_score"] if summary["mean_score"] is not None else "n/a")
    if not summary["ok"]:
        st.warning("No report in this database was assessed.")
        return
    st.subheader("Scores")
    st.altair_chart(score_histogram(views.archive_scores(db)), width="stretch")
    st.subheader("Share of reports failing each check")
    flagged_chart(views.archive_check_shares(db), share=True, every="assessed report")
    st.subheader("Lowest-scoring reports")
    worst = pd.DataFrame(views.archive_worst(db, limit=20))
    st.dataframe(styled(worst), hide_index=True, column_config=score_columns(views.check_titles()),
                 key="archive_worst")
    errors = views.archive_errors(db)
    if errors:
        with st.expander(f"Files that could not be read ({len(errors)})"):
            st.dataframe(pd.DataFrame(errors), hide_index=True)


def score_histogram(rows: list[dict]) -> alt.Chart:
    frame = pd.DataFrame(rows)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("score:Q", bin=alt.Bin(extent=[0, 100], step=10), title="Score (0-100)"),
            y=alt.Y("count():Q", title="Reports", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("band:N", scale=alt.Scale(domain=list(BAND_COLOURS), range=list(BAND_COLOURS.values())),
                            legend=alt.Legend(title="Band", orient="top")),
            tooltip=[alt.Tooltip("count():Q", title="Reports"), "band:N"],
        )
        .properties(height=260)
    )


# ---------------------------------------------------------------- page

def main() -> None:
    st.set_page_config(page_title="Review QA", page_icon=":material/fact_check:", layout="wide")
    st.title("Review QA")
    st.caption("Panel-style feedback on child safeguarding rapid reviews and LCSPRs. " + PRIVACY)
    with st.spinner("Loading the language pipeline and models (first time only)..."):
        warm_pipeline()
    one, several, archive = st.tabs(["Check one report", "Triage several", "Explore an archive"])
    with one:
        check_one_view()
    with several:
        triage_view()
    with archive:
        archive_view()


main()
