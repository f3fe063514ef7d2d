// Source changes applied to the vendored FerretDB before it is built. Each one replaces an exact text that
// must occur exactly once in its file, so a new FerretDB pin that changes the code fails the build loudly
// instead of silently building something else.

export const patches = [
  {
    id: 'sqlite-id-lookups-use-the-id-index',
    file: 'internal/backends/sqlite/metadata/metadata.go',
    find: `IDColumn = DefaultColumn + "->'$._id'"`,
    replace: `IDColumn = DefaultColumn + "->\\"_id\\""`,
    why:
      'The unique _id index of every collection is created on the expression _ferretdb_sjson->"_id", but ' +
      "lookups by _id (find, update, delete) filtered on _ferretdb_sjson->'$._id'. SQLite matches index " +
      'expressions by their text, so no lookup by _id ever used the index: each one scanned the whole table ' +
      '(EXPLAIN QUERY PLAN: SCAN instead of SEARCH ... USING INDEX). Both expressions extract the same value.',
  },
];
