# The hub for deployments (see docker-compose.yml). Neo4j runs in its own container.
# The image installs the wheel, as any deployment would: graph_schema/, seeds/ and queries/ travel inside it.
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY hub ./hub
COPY graph_schema ./graph_schema
COPY seeds ./seeds
COPY queries ./queries
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 hub
COPY --from=wheel /dist /dist
RUN pip install --no-cache-dir /dist/*.whl && rm -rf /dist
ENV HUB_HOME=/home/hub/.hub \
    PYTHONUNBUFFERED=1
USER hub
WORKDIR /home/hub
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/ready')"
CMD ["hub", "serve"]
