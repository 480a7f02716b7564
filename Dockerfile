# Our Society node: multi-stage build (SDK → ASP.NET runtime), runs as the image's non-root user (uid 1654).
# Build:  docker build -t oursociety .        (podman: podman build --format docker -t oursociety . keeps the HEALTHCHECK)
# Run:    docker run -d -p 8080:8080 -v oursociety-data:/data \
#           -e OurSociety__PublicUrl=https://hub.example.org -e OurSociety__Hub__Name="Riverside Hub" oursociety

# The project files alone, wherever they are under src/ (a new project needs no new line here): the restore below
# depends on nothing else, so its layer, and the packages it downloads, are reused until a project file changes.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS projects
WORKDIR /src
COPY src/ src/
RUN find src -type f ! -name '*.csproj' ! -name '*.props' ! -name '*.targets' -delete && find src -type d -empty -delete

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The runtime image's own platform: only its native libraries (SQLite, Skia) are published, not those of 27 others.
# For an arm64 image: --platform linux/arm64 --build-arg RID=linux-arm64.
ARG RID=linux-x64
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY --from=projects /src/src/ src/
RUN dotnet restore src/OurSociety.Web/OurSociety.Web.csproj -r "$RID" -p:PublishReadyToRun=true --disable-build-servers
COPY src/ src/
# ReadyToRun: our assemblies and their packages are compiled ahead of time (the framework's already are), so a node
# starts with about 15 % less processor time (bench/startup.sh, "r2r"). No trimming: Dapper and Razor are not trim-safe.
# The static assets manifest (oursociety.staticwebassets.endpoints.json) is published beside the executable.
RUN dotnet publish src/OurSociety.Web/OurSociety.Web.csproj -c Release -r "$RID" --self-contained false --no-restore --disable-build-servers -p:PublishReadyToRun=true -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Everything a node must keep lives in the /data volume: the database (with actor keys), uploads and the sign-in key
# ring. The data directory is a folder inside it, so `restore` can stage a copy beside it on the same volume and
# switch with one rename (a volume's mount point itself cannot be renamed). A host folder mounted here instead of a
# named volume must belong to uid 1654 (chown 1654 /srv/oursociety).
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME ["/data"]
# The base image listens on 8080 (ASPNETCORE_HTTP_PORTS); without OurSociety__PublicUrl the node calls itself
# http://localhost:8080. Set PublicUrl to the real https:// address when running.
ENV OurSociety__DataDirectory=/data/node
EXPOSE 8080
USER $APP_UID
# The runtime image has no curl: the node's own CLI asks /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["dotnet", "/app/oursociety.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/oursociety.dll"]
