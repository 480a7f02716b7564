# Our Society node: multi-stage build (SDK → ASP.NET runtime), runs as the image's non-root user.
# Build:  docker build -t oursociety .
# Run:    docker run -d -p 8080:8080 -v oursociety-data:/data \
#           -e OurSociety__PublicUrl=https://hub.example.org -e OurSociety__Hub__Name="Riverside Hub" oursociety
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/ src/
RUN dotnet publish src/OurSociety.Web/OurSociety.Web.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Everything a node must keep lives in the /data volume: the database (with actor keys), uploads and the sign-in key
# ring. The data directory is a folder inside it, so `restore` can stage a copy beside it on the same volume and
# switch with one rename (a volume's mount point itself cannot be renamed).
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME ["/data"]
# The base image listens on 8080 (ASPNETCORE_HTTP_PORTS). Set PublicUrl to the real https:// address when running.
ENV OurSociety__DataDirectory=/data/node \
    OurSociety__PublicUrl=http://localhost:8080
EXPOSE 8080
USER $APP_UID
# The runtime image has no curl: the node's own CLI asks /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["dotnet", "/app/oursociety.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/oursociety.dll"]
