// The one line CareDesk changes in FerretDB before building it (see README, "The embedded database").
//
// FerretDB v1.24.2's SQLite backend creates the _id index on `_ferretdb_sjson->"_id"` but filters
// by `_ferretdb_sjson->'$._id'` (IDColumn below). SQLite uses an expression index only for the very
// same expression, so every find, update and delete by _id scanned the whole table. Spelling the
// column as the index does makes them index searches; existing databases already have that index.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const PATCHED_FILE = 'internal/backends/sqlite/metadata/metadata.go'
export const UPSTREAM_LINE = `\tIDColumn = DefaultColumn + "->'$._id'"`
export const PATCHED_LINE = `\tIDColumn = DefaultColumn + "->'_id'"`

/** Rewrites the line in a copy of FerretDB's source; throws, naming the file, unless it is there exactly once. */
export function patchIdColumn(srcDir) {
  const file = join(srcDir, PATCHED_FILE)
  const lines = readFileSync(file, 'utf8').split('\n')
  const hits = lines.filter((line) => line === UPSTREAM_LINE).length
  if (hits !== 1) {
    throw new Error(
      `refusing to build FerretDB: expected the line ${JSON.stringify(UPSTREAM_LINE.trim())} exactly once in ${PATCHED_FILE}, found it ${hits} times. ` +
        'The source is not the FerretDB version this patch was written for; check scripts/ferretdb-patch.mjs.',
    )
  }
  writeFileSync(file, lines.map((line) => (line === UPSTREAM_LINE ? PATCHED_LINE : line)).join('\n'))
}
