"""The publishing half: build, execution, rendering, notes, editions, locking and atomic publishing."""

import sys

# nbformat imports jsonschema, whose format checker compiles the IRI grammars of rfc3987_syntax when
# it is imported: about 1 s on the critical path of every build. Notebooks have no IRI-format fields,
# so the build does without that one checker (jsonschema skips a checker whose module is missing).
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
