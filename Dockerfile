# syntax=docker/dockerfile:1
# The API only: production points it at MongoDB with MONGODB_URI (required) and, for several
# replicas, at Redis with REDIS_URL. The bundled local database is not part of this image.

# GraphiQL's browser builds, pinned in web/graphiql/package-lock.json (as `make` installs them).
FROM node:20-slim AS graphiql
WORKDIR /web
COPY web/graphiql/package.json web/graphiql/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error && mkdir vendor && cp \
    node_modules/react/umd/react.production.min.js \
    node_modules/react-dom/umd/react-dom.production.min.js \
    node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css vendor/

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml constraints.txt README.md ./
COPY app ./app
COPY --from=graphiql /web/vendor ./app/static/graphiql/vendor
COPY graphql_schema ./graphql_schema
COPY repositories ./repositories
RUN /opt/venv/bin/pip install -c constraints.txt .

FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    CADENCE_ENV=production CADENCE_HOST=0.0.0.0 CADENCE_PORT=8000
RUN groupadd --system cadence && useradd --system --gid cadence --no-create-home cadence
COPY --from=build /opt/venv /opt/venv
USER cadence
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"]
# MONGODB_URI has no default here: the container refuses to start the bundled database.
ENTRYPOINT ["sh", "-c", ": \"${MONGODB_URI:?MONGODB_URI is required}\" && exec cadence serve"]
