// Package egress guards the outgoing HTTP calls whose destination a client
// chooses, such as webhook callbacks. It refuses loopback, private,
// link-local, shared (CGNAT), multicast, unspecified and reserved
// addresses, in every spelling (IPv4-mapped and NAT64 IPv6 forms, decimal,
// octal and hex IPv4 literals), unless the operator allows them.
//
// The decision that counts is made at dial time, on the addresses the name
// resolved to and that are actually dialed, so a name that resolves to an
// internal address, or re-resolves to one after it was checked (DNS
// rebinding), never gets a connection. CheckURL refuses what can be refused
// from the URL alone, so a client learns at submit time.
//
// It imports only the standard library.
package egress
