// Package archive reads documents out of sources one entry at a time: a
// directory tree, a zip, tar or gzip-compressed tar archive, or the objects
// under a prefix of a storage.Store. It streams: an archive is never loaded
// whole, and an entry's bytes are read only when the caller asks for them,
// within Limits.
//
// Nothing is ever extracted to disk. Member names are only reported, never
// used as paths, so a hostile name cannot write anywhere; such names are
// still refused, with the other tricks a hostile archive plays on a reader:
// absolute or climbing names, symbolic and hard links, devices, archives
// inside archives, encrypted members and decompression bombs. A refused
// entry is handed to the caller with Err set, so it can be reported with its
// reason rather than silently dropped.
//
// The package imports only the standard library and storage (for the Store
// interface); it must not import document, ocr or pipeline: what counts as
// a document is the caller's decision.
package archive
