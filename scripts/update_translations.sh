#!/bin/sh
# Refresh the translation catalogues: extract every program string from the
# sources into the template (.pot), merge it into each language's .po, and
# compile the .po files to the .mo files the program reads.
# Needs Babel (pip install 'custserv-audit[test]'). Run from anywhere.
set -eu
cd "$(dirname "$0")/.."
LOCALE=custserv_audit/locale
POT=$LOCALE/custserv_audit.pot
PYBABEL=${PYBABEL:-pybabel}

# _h marks the help texts that cli.py translates at import time.
"$PYBABEL" -q extract --no-wrap --sort-by-file -k _h -c "Translators:" \
    --project=custserv-audit --copyright-holder="custserv-audit contributors" \
    -o "$POT" custserv_audit
for lang in fi sk; do
    "$PYBABEL" -q update --no-wrap -D custserv_audit -l "$lang" -i "$POT" -d "$LOCALE"
done
"$PYBABEL" compile --statistics -D custserv_audit -d "$LOCALE"
