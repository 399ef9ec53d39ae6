"""Review QA: Panel-style quality checks for rapid reviews and LCSPRs, offline."""
__version__ = "0.1.0"

from .engine import assess  # noqa: E402  (after __version__, which the batch module reads)
from .errors import InputError, LexiconError, QAError  # noqa: E402
from .ingest import load_document  # noqa: E402
from .types import Assessment, Block, CheckResult, Document, Evidence, Guidance  # noqa: E402

__all__ = [
    "Assessment", "Block", "CheckResult", "Document", "Evidence", "Guidance",
    "InputError", "LexiconError", "QAError", "assess", "load_document", "__version__",
]
