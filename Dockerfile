# syntax=docker/dockerfile:1
# Tradepost in a container: `docker build -t tradepost .` (or `docker compose up`, see compose.yaml).
# The build stage compiles with JDK 17 (the release the code targets); the image runs on JRE 25, where
# request handling moves to virtual threads.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests
# One directory per layer, so a code change rebuilds only the small last layer of the image.
RUN java -Djarmode=tools -jar target/tradepost-*.jar extract --layers \
      --destination /extracted --application-filename application.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system tradepost \
 && useradd --system --gid tradepost --home-dir /app --no-create-home tradepost \
 && mkdir -p /app/data \
 && chown tradepost:tradepost /app/data
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER tradepost
# The heap follows the container's memory limit; an OutOfMemoryError restarts the container
# instead of leaving a half-working JVM behind.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    PORT=8080
EXPOSE 8080
# No curl in the image: bash's /dev/tcp asks the liveness probe.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "-jar", "application.jar"]
