"""The log: one line per event, each with the id of the request it belongs to (HUB_LOG_FORMAT `text` or
`json`, HUB_LOG_LEVEL). The Neo4j driver's own chatter (retries, reconnects) is kept to errors: the hub says
what matters in its own words."""

from __future__ import annotations

import logging
from typing import Any

from hub import request_id
from hub.config import Settings

TEXT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.current.get()
        return True


def config(settings: Settings) -> dict[str, Any]:
    """A `logging.config.dictConfig` for `hub serve`, uvicorn's loggers included."""
    formatter: dict[str, Any] = (
        {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": JSON}
        if settings.hub_log_format == "json"
        else {"format": TEXT}
    )
    handler = {"class": "logging.StreamHandler", "formatter": "line", "filters": ["request_id"]}
    level = settings.hub_log_level
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"line": formatter},
        "handlers": {"stderr": {**handler, "stream": "ext://sys.stderr"}},
        "loggers": {
            "hub": {"handlers": ["stderr"], "level": level, "propagate": False},
            "strawberry": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": ["stderr"], "level": level, "propagate": False},
            "neo4j": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        },
    }


def quiet_driver() -> None:
    """Keep the Neo4j driver's warnings off a command's terminal."""
    logging.getLogger("neo4j").setLevel(logging.ERROR)
