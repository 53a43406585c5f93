package api

// redact masks every run of digits, spaces and hyphens that holds eight or
// more digits, keeping its last four: that covers the 12-digit account
// number, the 10 digits of a receipt number and the 8 or 9 of an A-Number,
// however they are printed. Error texts can carry a filename or a value
// from a request, and they are logged.
func redact(s string) string {
	b := []byte(s)
	for i := 0; i < len(b); {
		if !isDigit(b[i]) {
			i++
			continue
		}
		// A run starts and ends with a digit and may hold single separators.
		j, end, digits := i, i, 0
		for j < len(b) {
			if isDigit(b[j]) {
				digits++
				j++
				end = j
				continue
			}
			if (b[j] == ' ' || b[j] == '-') && j+1 < len(b) && isDigit(b[j+1]) {
				j++
				continue
			}
			break
		}
		if digits >= 8 {
			keep := 4
			for k := end - 1; k >= i; k-- {
				if !isDigit(b[k]) {
					continue
				}
				if keep > 0 {
					keep--
					continue
				}
				b[k] = '*'
			}
		}
		i = end
	}
	return string(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
