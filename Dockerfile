# The hub for deployments (see docker-compose.yml). Neo4j runs in its own container.
FROM python:3.11-slim

RUN useradd --create-home --uid 10001 hub
WORKDIR /app
COPY pyproject.toml README.md ./
COPY hub ./hub
RUN pip install --no-cache-dir .
COPY graph_schema ./graph_schema
COPY seeds ./seeds
COPY queries ./queries

ENV HUB_SCHEMA_DIR=/app/graph_schema \
    HUB_SEEDS_DIR=/app/seeds \
    HUB_HOME=/home/hub/.hub \
    PYTHONUNBUFFERED=1
USER hub
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["hub", "serve"]
