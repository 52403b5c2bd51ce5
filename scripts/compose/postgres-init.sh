#!/bin/bash
# Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d): one role and
# database for payonce's ledger, one role for Temporal with its two databases (the temporal-schema
# job of docker-compose.yml then creates and migrates their tables).
set -euo pipefail

: "${PAYONCE_DB_PASSWORD:?PAYONCE_DB_PASSWORD must be set}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD must be set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set payonce_password="$PAYONCE_DB_PASSWORD" \
  --set temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE payonce LOGIN PASSWORD :'payonce_password';
CREATE DATABASE payonce OWNER payonce;
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
SQL
