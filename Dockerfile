# syntax=docker/dockerfile:1
# baton-clerk in ConductorOne service mode. Configure it only through the environment:
#   BATON_SECRET_KEY (Clerk), BATON_CLIENT_ID and BATON_CLIENT_SECRET (ConductorOne), optional BATON_HOST_ID.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first so source edits do not invalidate the package layer.
COPY global.json .editorconfig Directory.Build.props Directory.Packages.props ./
COPY src/Engine/Engine.csproj src/Engine/
COPY src/Protos/Protos.csproj src/Protos/
COPY src/Host/Host.csproj src/Host/
RUN dotnet restore src/Host/Host.csproj
COPY config/ config/
COPY src/ src/
COPY scripts/publish.sh scripts/
RUN bash scripts/publish.sh /app

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV PATH="/app:${PATH}" \
    BATON_HEALTH_CHECK=true \
    BATON_HEALTH_CHECK_PORT=8081 \
    BATON_HEALTH_CHECK_BIND_ADDRESS=127.0.0.1 \
    BATON_C1Z_TEMP_DIR=/tmp \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# The .NET images ship an unprivileged "app" user; never run the connector as root.
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["baton-clerk", "health-check", "--endpoint", "live", "--timeout", "5"]
ENTRYPOINT ["baton-clerk"]
