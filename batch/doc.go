// Package batch holds the rules of a batch, written once for
// `noticescan batch` and for the server's /v1/batches: which sources a batch
// reads, what among their entries counts as a document, how an entry that
// cannot be read is told apart from one that is refused for good, and how
// a document is known again (by the SHA-256 of its bytes) so that a second
// copy, or a document done by an earlier run, is not read twice.
//
// A Source walks a local path (a directory, an archive or one file) or the
// objects under a prefix of a storage.Store, through package archive, and
// hands each entry to the caller as an Item of one Kind:
//
//   - Document: its name or its first bytes are a document's; its bytes
//     and digest are in the Item;
//   - NotDocument: neither is; the Item keeps the reason;
//   - Refused: refused unread, or an archive that cannot be read on, for
//     a reason that reading again will not change (archive.Permanent);
//   - Unreadable: an I/O or network error that a later attempt may not meet.
//
// What becomes of each kind is the front end's documented output, and the
// two differ on purpose: the command line writes no row for a non-document
// and one row per distinct document, and resumes from the digests in its
// output file (Seen); the server gives every object of a bucket an item,
// links copies to one stored document per tenant, and resumes a listing
// after the last object key it recorded (Source.After).
//
// Engine is the one loop over those rules: it walks the sources, skips
// what its done set holds, and hands documents to a read function on N
// workers and every other entry to an entry function. The command line
// gives it its output file's digests as the done set and a worker per
// OCR engine; the server's listing gives it no done set and reads in the
// walk, so that the last key it recorded only grows.
//
// Batch reads entries into memory, within the entry size limit, and never
// extracts anything to disk.
package batch
