"""One logging format for the server and the CLI."""

from __future__ import annotations

import logging


def configure_logging(level: str) -> None:
    """Log to stderr at ``level`` (idempotent)."""
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=False,
    )
