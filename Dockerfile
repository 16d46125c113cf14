FROM rust:1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends pkg-config clang libclang-dev \
      libtesseract-dev libleptonica-dev libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libpq5 \
      libtesseract5 liblept5 tesseract-ocr-kor tesseract-ocr-eng poppler-utils \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /app checkpoint
COPY --from=build /src/target/release/checkpoint /usr/local/bin/checkpoint
COPY policies /app/policies
WORKDIR /app
USER checkpoint
ENV CHECKPOINT_HOST=0.0.0.0 \
    CHECKPOINT_LOG_FORMAT=json \
    CHECKPOINT_FILES_DIR=/app/data/files \
    OMP_THREAD_LIMIT=1
EXPOSE 8080
CMD ["checkpoint", "serve"]
