# composelint in a container: docker run --rm -v "$PWD:/src:ro" composelint
FROM python:3.12.8-slim-bookworm AS build
WORKDIR /build
COPY pyproject.toml README.md LICENSE ./
COPY composelint ./composelint
RUN python -m venv /opt/composelint \
    && /opt/composelint/bin/pip install --no-cache-dir .

FROM python:3.12.8-slim-bookworm
COPY --from=build /opt/composelint /opt/composelint
RUN useradd --system --uid 10001 --no-create-home composelint
USER 10001:10001
WORKDIR /src
ENV PATH=/opt/composelint/bin:$PATH
ENTRYPOINT ["composelint"]
CMD ["check", "."]
