# noticescan: build with the Tesseract development packages, run on a slim
# image with only the OCR runtime and language data. The package lists are
# the same as scripts/setup.sh installs on a development machine (which
# `make test` exercises), so the image is tested by proxy.

FROM golang:1.26-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libtesseract-dev libleptonica-dev g++ pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# nodynamic: HEIC is always decoded by the sandboxed WebAssembly build of
# libheif, never by a native libheif.so the decoder package would dlopen.
# The context has no .git, so the version and revision come in as build
# arguments: docker build --build-arg VERSION=v1.2.0 --build-arg REVISION=$(git rev-parse HEAD) .
ARG VERSION=""
ARG REVISION=""
RUN go build -tags nodynamic -trimpath -buildvcs=false \
      -ldflags "-s -w -X main.version=${VERSION} -X main.revision=${REVISION}" \
      -o /out/noticescan ./cmd/noticescan
# The best_int English model identifier lines are re-read with, downloaded
# and checked against its pinned hashes by the same script as setup.sh
# runs; a failed download or check fails the build.
RUN scripts/bestmodel.sh /out/tessdata

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/noticescan --create-home noticescan \
 && install -d -m 0700 -o noticescan -g noticescan /var/lib/noticescan/data
COPY --from=build /out/noticescan /usr/local/bin/noticescan
# Next to the fast eng model, where the engine looks for it.
COPY --from=build /out/tessdata/eng_best.traineddata /usr/share/tesseract-ocr/5/tessdata/
USER noticescan
WORKDIR /var/lib/noticescan
ENV NOTICESCAN_ADDR=0.0.0.0:8080 \
    NOTICESCAN_DATA_DIR=/var/lib/noticescan/data \
    OMP_THREAD_LIMIT=1
# The embedded default keeps its database and uploads here; a volume keeps
# them when the container is replaced.
VOLUME ["/var/lib/noticescan/data"]
EXPOSE 8080
# health asks /readyz on the port NOTICESCAN_ADDR gives, so a container run
# with another port (-e NOTICESCAN_ADDR=0.0.0.0:9090) is checked there.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["noticescan", "health"]
ENTRYPOINT ["noticescan"]
CMD ["serve"]
