# dgbot: slim Python, dependencies in their own layer, non-root, `dgbot serve`.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DGBOT_HOST=0.0.0.0 \
    DGBOT_LOG_FORMAT=json \
    DGBOT_PORT=8000

# A Thai font for the charts' labels (Debian's own, tracked by the base image's security updates).
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install --yes --no-install-recommends fonts-thai-tlwg fontconfig \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 dgbot \
 && useradd --system --uid 10001 --gid dgbot --create-home --home-dir /home/dgbot dgbot

WORKDIR /srv/dgbot

# Dependencies first: this layer is rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install --requirement /tmp/requirements.txt

COPY app ./app
COPY bcp ./bcp
COPY bot ./bot
COPY knowledge ./knowledge
COPY scoring ./scoring
COPY webhooks ./webhooks
COPY db ./db
COPY migrations ./migrations
RUN pip install --no-deps .

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('DGBOT_PORT', '8000')}/healthz\", timeout=4)"]
CMD ["dgbot", "serve"]
