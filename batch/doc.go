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
// Batch reads entries into memory, within the entry size limit, and never
// extracts anything to disk.
package batch
