// Package feed is the national feed: a state instance exports its records,
// pseudonymized and without personal data, in signed, incremental,
// versioned batches (format sintra-feed/2, api/feed.schema.json), and the
// national instance verifies and imports them, so that its reports count
// every entidad's records. Exports read the records changed since a
// watermark in one snapshot; imports upsert by entidad and pseudonym in one
// transaction, all or nothing, never letting an older version replace a
// newer one.
package feed
