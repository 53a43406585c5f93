package egress

import "errors"

// ErrRefused means a destination is not one the policy lets the service
// call: an internal address, a URL that is not plain http(s), or a host
// that resolves to an internal address. Errors wrap it with the reason.
var ErrRefused = errors.New("destination refused")
