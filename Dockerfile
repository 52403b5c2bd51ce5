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
# the wrapper and the POMs first: this layer (and Maven itself) is reused while only sources change
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY channel-sandbox/pom.xml channel-sandbox/
COPY api/pom.xml api/
COPY workflows/src/ workflows/src/
COPY activities/src/ activities/src/
COPY channel-sandbox/src/ channel-sandbox/src/
COPY api/src/ api/src/
# the cache mount keeps ~/.m2 (Maven and the dependencies) between builds
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B package -DskipTests \
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
USER payonce:payonce
EXPOSE 9090
ENTRYPOINT ["java", "-jar", "/app/channel-sandbox.jar"]

# ---- payonce: REST API, webhooks and the Temporal worker, port 8080 (default target) -------------
FROM runtime AS payonce
COPY --from=build --chown=root:root --chmod=0444 /out/payonce.jar /app/payonce.jar
USER payonce:payonce
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/payonce.jar"]
