# KnowledgeHub: multi-stage build; the runtime image runs as a non-root user and is configured by environment.
# Build:  docker build -t knowledgehub .
# Run:    see compose.yaml (PostgreSQL, a one-shot schema migration, then the app).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY nuget.config Directory.Build.props Directory.Packages.props KnowledgeHub.sln ./
# The redirect package Marten's dependency chain needs (see README): packed first, restored from eng/feed.
COPY eng/redirect-packages/ eng/redirect-packages/
RUN dotnet pack eng/redirect-packages/Patched.DistributedLock.Postgres -c Release -o eng/feed --nologo
COPY src/KnowledgeHub/KnowledgeHub.csproj src/KnowledgeHub/package.json src/KnowledgeHub/package-lock.json src/KnowledgeHub/
RUN cd src/KnowledgeHub && npm ci --no-audit --no-fund --loglevel=error
RUN dotnet restore src/KnowledgeHub/KnowledgeHub.csproj --nologo
COPY src/ src/
RUN mkdir -p src/KnowledgeHub/wwwroot/lib/signalr \
 && cp src/KnowledgeHub/node_modules/@microsoft/signalr/dist/browser/signalr.min.js src/KnowledgeHub/wwwroot/lib/signalr/ \
 && dotnet publish src/KnowledgeHub/KnowledgeHub.csproj -c Release -o /app --no-restore --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# Certificate PDFs need TrueType fonts: Noto Sans, Noto Sans Bengali and Noto Naskh Arabic (fonts-noto-core); DejaVu as the Latin
# fallback. Session times need the IANA time-zone data (tzdata).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-core fonts-dejavu-core tzdata && rm -rf /var/lib/apt/lists/*
COPY --from=build /app ./
COPY content/ ./content/
COPY themes/ ./themes/
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_FORWARDEDHEADERS_ENABLED=true \
    DOTNET_gcServer=0
EXPOSE 8080
# The image's built-in non-root user.
USER $APP_UID
ENTRYPOINT ["dotnet", "KnowledgeHub.dll"]
