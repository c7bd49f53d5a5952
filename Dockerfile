# postbot: a Discord bot serving summaries of localized blog posts.
#   docker build -t postbot .
#   docker run --env-file .env -v "$PWD/content:/content:ro" -v postbot-data:/data postbot
FROM python:3.11-slim

# git: for CONTENT_GIT_URL (the bot follows the site's repository with the git command)
RUN apt-get update \
    && apt-get install --yes --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin postbot \
    && mkdir -p /content /data \
    && chown postbot:postbot /data

WORKDIR /opt/postbot
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir . && rm -rf /root/.cache

ENV PYTHONUNBUFFERED=1 \
    CONTENT_DIR=/content \
    DATABASE_PATH=/data/postbot.sqlite3 \
    HEALTH_HOST=0.0.0.0 \
    HEALTH_PORT=8080
VOLUME ["/content", "/data"]
EXPOSE 8080
USER postbot
WORKDIR /data

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["postbot", "health", "--url", "http://127.0.0.1:8080/healthz"]

CMD ["postbot", "run"]
