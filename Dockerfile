# The REST API as a container image (docs/deploy.md). Build from the repository root:
#   docker build -t assessment-scorer-api .
#   docker run --rm -p 8080:8080 assessment-scorer-api
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/AssessmentScorer.Api -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY rulesets /app/rulesets
# The round store (docs/rounds.md): SQLite in a volume the app user owns, unless a PostgreSQL connection string is given.
RUN mkdir -p /data && chown app /data
VOLUME /data
ENV AssessmentScorer__Store__Path=/data/assessment-scorer.db \
    ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    AssessmentScorer__RuleSetsPath=/app/rulesets
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "AssessmentScorer.Api.dll"]
