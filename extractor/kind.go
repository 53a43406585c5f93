package extractor

// Kind names an identifier type.
type Kind string

// The identifier kinds the extractor reports.
const (
	KindOnlineAccountNumber Kind = "online_account_number"
	KindReceiptNumber       Kind = "receipt_number"
	KindANumber             Kind = "a_number"
)
