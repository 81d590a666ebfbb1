#!/usr/bin/env bash
# The check step of action.yml, kept in a file so that a test runs it as the action does.
# Inputs come as environment variables (never pasted into the script's text):
# COMPOSELINT, INPUT_PATHS, INPUT_FORMAT, INPUT_SARIF, INPUT_ARGS; GITHUB_OUTPUT.
set -uo pipefail
read -r -a paths <<< "${INPUT_PATHS:-.}"
read -r -a extra <<< "${INPUT_ARGS:-}"
status=0
if [ -n "${INPUT_SARIF:-}" ]; then
  # The SARIF report for upload-sarif: written whatever the findings are.
  "$COMPOSELINT" check --exit-zero --output-format sarif -o "$INPUT_SARIF" \
    "${extra[@]}" "${paths[@]}" || status=$?
  if [ "$status" -ne 0 ]; then
    exit "$status"
  fi
  echo "sarif-file=$INPUT_SARIF" >> "${GITHUB_OUTPUT:-/dev/null}"
else
  echo "sarif-file=" >> "${GITHUB_OUTPUT:-/dev/null}"
fi
# The job's result: annotations (or the format asked for) and the exit code.
"$COMPOSELINT" check --output-format "${INPUT_FORMAT:-github}" "${extra[@]}" "${paths[@]}"
