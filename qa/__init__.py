"""Review QA: Panel-style quality checks for rapid reviews and LCSPRs, offline."""
from .errors import InputError, LexiconError, QAError
from .ingest import load_document
from .types import Assessment, Block, CheckResult, Document, Evidence, Guidance

__version__ = "0.1.0"

__all__ = [
    "Assessment", "Block", "CheckResult", "Document", "Evidence", "Guidance",
    "InputError", "LexiconError", "QAError", "load_document", "__version__",
]

from .engine import assess  # noqa: E402

__all__.append("assess")
