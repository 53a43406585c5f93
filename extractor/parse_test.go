package extractor_test

import (
	"testing"

	"github.com/noticescan/noticescan/extractor"
)

// TestExtract_NoShortening checks that neither a length limit nor a repair
// cuts a valid-looking shorter value out of a longer run of digits, while
// the same repairs still apply to a value of the right length.
func TestExtract_NoShortening(t *testing.T) {
	tests := []struct {
		name, line string
		want       []kv
	}{
		{"AccountRunUnderANumberLabel", "A No.: 4165 7972 9246", nil},
		{"AccountRunUnderHash", "A# 4165 7972 9246", nil},
		{"AccountRunContiguous", "A# 416579729246", nil},
		{"AccountRunHyphens", "A-Number: 4165-7972-9246", nil},
		{"AMisreadAs4", "A# 4123456789", []kv{{anr, "A123456789"}}},
		{"AMisreadAs4Grouped", "A# 4123-456-789", []kv{{anr, "A123456789"}}},
		// The A printed apart, its number's leading zero left off.
		{"AApartMisreadAs4", "A# 4 49192957", []kv{{anr, "A049192957"}}},
		{"AApartMisreadAs4SevenDigits", "A-Number: 4 4919295", []kv{{anr, "A004919295"}}},
		{"AApartMisreadAs4Unlabeled", "Ref 4 49192957", nil},
		{"ADashMisreadAs4", "ALIEN REGISTRATION NUMBER 4-10644677", []kv{{anr, "A010644677"}}},
		{"ADashMisreadAs4Unlabeled", "Ref 4-10644677", nil},
		{"FourThenGroupedNine", "A-Number: 4-123-456-789", []kv{{anr, "A123456789"}}},
		// An unpadded eight-digit number's A read as 4, glued on: nine
		// digits beginning with 4 make no issued A-Number. Grouped as
		// nine, beginning otherwise, or unlabeled, they stand or go as
		// read.
		{"AGluedMisreadAs4", "A-Number: 442205728", []kv{{anr, "A042205728"}}},
		{"NineGroupedFromFour", "A-Number: 442-205-728", []kv{{anr, "A442205728"}}},
		{"NineFromTwo", "A-Number: 242205728", []kv{{anr, "A242205728"}}},
		{"AGluedMisreadAs4Unlabeled", "Ref 442205728", nil},
		{"AGluedMisreadAs4PaddingLost", "A# 402205728", []kv{{anr, "A402205728"}}},
		// A number printed with its padding zero has nine digits: eight
		// after that zero lost one, and padding them again would make
		// another A-Number. Printed without the padding, eight stand.
		{"PaddedGroupsTruncated", "A-Number: A-096-121-75", nil},
		{"PaddedRunTruncated", "A# A09612175", nil},
		{"UnpaddedEight", "A-Number: A-96121759", []kv{{anr, "A096121759"}}},
		{"SixteenDigitsSpaced", "Online Account Number 1234 5678 9012 3456", nil},
		{"SixteenDigitsHyphens", "Online Account Number 1234-5678-9012-3456", nil},
		{"IfAnyBracketsMisread", "USCIS ONLINE ACCOUNT NUMBER {IF ANY] 7845-5503-9329,", []kv{{oan, "784555039329"}}},
		{"TwelveDigitsThenWords", "Online Account Number 1234 5678 9012 (if any)", []kv{{oan, "123456789012"}}},
		{"ReceiptGroupsRunOn", "Receipt # EAC-21-900-12345-678", nil},
		{"DigitsAsOfficePrefix", "Receipt # 8051234567890", nil},
		{"DigitsAsOfficePrefixUnlabeled", "Ref 8051234567890", nil},
		{"IOEReadWithDigits", "Receipt # 10E0502983567", []kv{{rcp, "IOE0502983567"}}},
		{"IOEReadWithSix", "Receipt # 1O60565541255", []kv{{rcp, "IOE0565541255"}}},
		{"IOEWithOReadAsSix", "Receipt # 16E8305099657", []kv{{rcp, "IOE8305099657"}}},
		{"IOEReadAllDigits", "Receipt # 1060565541255", nil},
		{"SReadAsSection", "Receipt # §RC1929030233", []kv{{rcp, "SRC1929030233"}}},
		// A table rule before the cell read as a stroke, with its foot.
		{"RuleBeforeReceipt", "Receipt # |_MSC1929030233", []kv{{rcp, "MSC1929030233"}}},
		{"RuleBeforeDigits", "Receipt # |_1929030233", nil},
		{"FiveReadAsSection", "Receipt # SRC192903023§", []kv{{rcp, "SRC1929030235"}}},
		// A C or an O with a speck in its opening read as G.
		{"CReadAsG", "Receipt # WAG 22 157 11246", []kv{{rcp, "WAC2215711246"}}},
		{"OReadAsG", "Receipt # IGE-930-307-4790", []kv{{rcp, "IOE9303074790"}}},
		// But a consular post's G makes no office of an NVC case number
		// ("LGS" is not LOS).
		{"NVCPostWithG", "Case # LGS2006837076", nil},
		{"NVCPostWithGUnlabeled", "LGS2006837076", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := extractor.Extract([]extractor.Page{page(1, extractor.SourceOCR, at{50, 100, tc.line, 0.95})})
			if !same(found(r), tc.want) {
				t.Errorf("found %v, want %v", found(r), tc.want)
			}
		})
	}
}
