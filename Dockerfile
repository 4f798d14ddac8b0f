# One image for every Deno process of the Compose stack (migrate, kafka-init, producer,
# consumer, detector); each service picks its entry point with `command:`.
FROM denoland/deno:2.9.6

# No update check at run time (each healthcheck starts a short-lived deno).
ENV DENO_NO_UPDATE_CHECK=1

WORKDIR /app

# Everything below runs as the image's non-root `deno` user, which owns DENO_DIR
# (/deno-dir), where dependencies are cached. The copied sources stay root-owned:
# read-only to the running services.
USER deno

# Dependencies first, so this layer is rebuilt only when deno.json or deno.lock change.
# "nodeModulesDir": "none": npm packages go to DENO_DIR, not ./node_modules.
# --frozen: fail the build if deno.lock is out of date instead of rewriting it.
COPY deno.json deno.lock ./
# The patched PostgreSQL driver (docs/decisions.md, D16) is imported from vendor/.
COPY vendor/ ./vendor/
RUN deno install --frozen

COPY shared/ ./shared/
COPY scripts/ ./scripts/
COPY db/ ./db/
# services/ stays empty until the pipeline issue lands, and git keeps no empty folder:
# the [s] wildcard lets the build succeed when it is missing.
COPY service[s] ./services/

# Cache the entry points (and whatever services/ holds) so containers start offline.
RUN deno cache --frozen scripts/migrate.ts scripts/topics.ts scripts/placeholder.ts \
      $(find services -name '*.ts' ! -name '*_test.ts' 2>/dev/null)

# Each Compose service sets its own command; this default only shows the task list.
CMD ["deno", "task"]
