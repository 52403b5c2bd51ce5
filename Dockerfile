# syntax=docker/dockerfile:1
# payonce and the channel simulator, built from this checkout (no Maven or JDK needed on the host).
#
#   docker build -t payonce .                                  # the app (the last stage, the default)
#   docker build -t payonce-channel-sandbox --target channel-sandbox .
#
# docker-compose.yml builds both. Both run `java -jar` on a JRE 17 as an unprivileged user.

# ---- build: the whole reactor once, tests skipped (CI runs them) ----------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# the wrapper and every module's POM first (Maven reads the whole reactor even to build part of it):
# this layer (and Maven itself) is reused while only sources change
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY channel-sandbox/pom.xml channel-sandbox/
COPY api/pom.xml api/
COPY bench/pom.xml bench/
COPY system-tests/pom.xml system-tests/
COPY workflows/src/ workflows/src/
COPY activities/src/ activities/src/
COPY channel-sandbox/src/ channel-sandbox/src/
COPY api/src/ api/src/
# the two images' modules only; -Pimage leaves the embedded PostgreSQL's binaries (x86-64 only) out
# of payonce.jar: a container always uses a real PostgreSQL (SPRING_DATASOURCE_URL).
# scripts/check-image-build.sh runs this stage without Docker in CI.
# the cache mount keeps ~/.m2 (Maven and the dependencies) between builds
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B package -DskipTests -Pimage -pl api,channel-sandbox -am \
 && mkdir -p /out \
 && cp api/target/payonce.jar /out/payonce.jar \
 && cp channel-sandbox/target/payonce-channel-sandbox-*-exec.jar /out/channel-sandbox.jar

# ---- the runtime both images share ---------------------------------------------------------------
FROM eclipse-temurin:17-jre AS runtime
RUN groupadd --system --gid 10001 payonce \
 && useradd --system --uid 10001 --gid payonce --home-dir /app --shell /usr/sbin/nologin payonce \
 && mkdir -p /app \
 && chown payonce:payonce /app
WORKDIR /app
# container-aware heap; override with JAVA_TOOL_OPTIONS
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"

# ---- the PSP simulator (channel-sandbox), port 9090 ----------------------------------------------
FROM runtime AS channel-sandbox
COPY --from=build --chown=root:root --chmod=0444 /out/channel-sandbox.jar /app/channel-sandbox.jar
# its keys and the merchant's side of them (volumes: a new one takes this owner)
RUN mkdir -p /sandbox/keys /sandbox/merchant && chown -R payonce:payonce /sandbox
USER payonce:payonce
EXPOSE 9090
ENTRYPOINT ["java", "-jar", "/app/channel-sandbox.jar"]

# ---- payonce: REST API, webhooks and the Temporal worker, port 8080 (default target) -------------
FROM runtime AS payonce
COPY --from=build --chown=root:root --chmod=0444 /out/payonce.jar /app/payonce.jar
# one JSON object per log line (Elastic Common Schema), with orderId, attemptId and workflowId
ENV LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs SPRING_MAIN_BANNERMODE=off
USER payonce:payonce
# 8080: the API and webhooks; 8081: actuator (health, /actuator/prometheus), never published
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=30 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_PORT:-8081} && printf 'GET /actuator/health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]
ENTRYPOINT ["java", "-jar", "/app/payonce.jar"]
