package noticegen

import (
	"fmt"
	"strings"
	"time"
)

// Invented names, places and wording: varied enough that an extractor
// cannot key on any one phrase, and none of it copied from real notices.

var firstNames = []string{
	"Maria", "Wei", "Arjun", "Fatima", "Jose", "Olena", "Kwame", "Hana", "Diego", "Amina",
	"Thanh", "Priya", "Mohammed", "Ana", "Luca", "Mei", "Samuel", "Ngozi", "Carlos", "Yusuf",
	"Elena", "Ravi", "Ines", "Ivan", "Leila", "Daniel", "Chen", "Aisha", "Tomasz", "Keiko",
}

var lastNames = []string{
	"Garcia", "Nguyen", "Patel", "Kim", "Okafor", "Silva", "Kowalski", "Haddad", "Rossi",
	"Mensah", "Ivanova", "Santos", "Rahman", "Lopez", "Zhang", "Tanaka", "Mwangi", "Hernandez",
	"Singh", "Novak", "Alvarez", "Osei", "Dubois", "Moreno", "Abebe", "Castillo", "Petrov",
}

var streets = []string{
	"Maple Ave", "Oak St", "Lakeview Dr", "Hillcrest Rd", "Pine Ct", "Willow Way", "Elm St",
	"Sunset Blvd", "Park Ave", "River Rd", "Birch Ln", "Highland Ave", "Main St", "Meadow Dr",
	"Franklin St", "Jefferson Ave", "Orchard Pl", "Harbor Blvd", "Quarry Rd", "Summit Ter",
}

// cities pairs a city with its state and the first three ZIP digits so
// addresses look plausible.
var cities = [][3]string{
	{"Arlington", "VA", "222"}, {"Houston", "TX", "770"}, {"Chicago", "IL", "606"},
	{"Miami", "FL", "331"}, {"San Jose", "CA", "951"}, {"Newark", "NJ", "071"},
	{"Seattle", "WA", "981"}, {"Columbus", "OH", "432"}, {"Phoenix", "AZ", "850"},
	{"Brooklyn", "NY", "112"}, {"Minneapolis", "MN", "554"}, {"Atlanta", "GA", "303"},
	{"Denver", "CO", "802"}, {"Boston", "MA", "021"}, {"Raleigh", "NC", "276"},
	{"Dallas", "TX", "752"}, {"Fairfax", "VA", "220"}, {"Edison", "NJ", "088"},
	{"Fremont", "CA", "945"}, {"Orlando", "FL", "328"},
}

// centers maps receipt prefixes to the office block printed in footers.
var centers = map[string][3]string{
	"EAC": {"VERMONT SERVICE CENTER", "75 LOWER WELDEN STREET", "SAINT ALBANS VT 05479-0001"},
	"WAC": {"CALIFORNIA SERVICE CENTER", "P.O. BOX 30111", "LAGUNA NIGUEL CA 92607-0111"},
	"LIN": {"NEBRASKA SERVICE CENTER", "P.O. BOX 82521", "LINCOLN NE 68501-2521"},
	"SRC": {"TEXAS SERVICE CENTER", "6046 N BELT LINE RD", "IRVING TX 75038-0001"},
	"MSC": {"NATIONAL BENEFITS CENTER", "P.O. BOX 648003", "LEE'S SUMMIT MO 64002"},
	"NBC": {"NATIONAL BENEFITS CENTER", "P.O. BOX 648003", "LEE'S SUMMIT MO 64002"},
	"IOE": {"ELIS PROCESSING", "P.O. BOX 21281", "PHOENIX AZ 85036-1281"},
	"YSC": {"POTOMAC SERVICE CENTER", "2200 POTOMAC AVE", "ARLINGTON VA 22202-0001"},
}

var caseTypes = []string{
	"I-130 - PETITION FOR ALIEN RELATIVE",
	"I-485 - APPLICATION TO REGISTER PERMANENT RESIDENCE OR ADJUST STATUS",
	"I-765 - APPLICATION FOR EMPLOYMENT AUTHORIZATION",
	"I-131 - APPLICATION FOR TRAVEL DOCUMENT",
	"I-129 - PETITION FOR A NONIMMIGRANT WORKER",
	"I-140 - IMMIGRANT PETITION FOR ALIEN WORKER",
	"I-539 - APPLICATION TO EXTEND/CHANGE NONIMMIGRANT STATUS",
	"I-751 - PETITION TO REMOVE CONDITIONS ON RESIDENCE",
	"N-400 - APPLICATION FOR NATURALIZATION",
	"I-90 - APPLICATION TO REPLACE PERMANENT RESIDENT CARD",
	"I-821D - CONSIDERATION OF DEFERRED ACTION FOR CHILDHOOD ARRIVALS",
	"I-589 - APPLICATION FOR ASYLUM AND FOR WITHHOLDING OF REMOVAL",
}

var firms = []string{
	"Alvarez & Chen LLP", "Harborview Immigration Law Group", "Okafor Mensah PLLC",
	"Pinecrest Legal Services", "Northgate Immigration Counsel", "Baker Sato & Reyes LLP",
	"Lindqvist Law Office", "Meridian Visa Partners",
}

type person struct {
	first, last string
	street      string
	city, state string
	zip         string
	dob         time.Time
}

func newPerson(r *rnd) person {
	c := pick(r, cities)
	street := fmt.Sprintf("%d %s", r.intIn(12, 9800), pick(r, streets))
	if r.chance(0.35) {
		street += fmt.Sprintf(" %s %d", pick(r, []string{"APT", "Apt", "Unit", "#"}), r.intIn(1, 420))
	}
	return person{
		first: pick(r, firstNames), last: pick(r, lastNames), street: street,
		city: c[0], state: c[1], zip: c[2] + r.digits(2) + "-" + r.digits(4),
		dob: time.Date(r.intIn(1950, 2010), time.Month(r.intIn(1, 12)), r.intIn(1, 28), 0, 0, 0, 0, time.UTC),
	}
}

func (p person) name(upper bool) string {
	n := p.first + " " + p.last
	if upper {
		return strings.ToUpper(n)
	}
	return n
}

// address returns the mailing lines; the last holds the ZIP+4.
func (p person) address(upper bool) []string {
	lines := []string{p.name(upper), p.street, fmt.Sprintf("%s %s %s", p.city, p.state, p.zip)}
	if upper {
		for i := range lines {
			lines[i] = strings.ToUpper(lines[i])
		}
	}
	return lines
}

func randomDate(r *rnd) time.Time {
	return time.Date(r.intIn(2015, 2025), time.Month(r.intIn(1, 12)), r.intIn(1, 28), 0, 0, 0, 0, time.UTC)
}

// dateStyle is fixed per document: a notice does not switch date formats.
func dateStyle(r *rnd) string {
	return pick(r, []string{"January 2, 2006", "January 2, 2006", "01/02/2006", "Jan 2, 2006"})
}

// sentences holds body text by notice kind; a notice draws a random
// subset in random order.
var sentences = map[string][]string{
	"receipt": {
		"We have received the request listed above and it is now being processed.",
		"Please check that the personal details shown on this notice are correct.",
		"If anything printed here is wrong, write to us promptly so our records can be fixed before a decision is made.",
		"Processing times vary by form and by office; current estimates are published on our website.",
		"Keep this notice with your records and have it ready whenever you contact us about this case.",
		"This notice does not grant any immigration status or benefit.",
		"You will be notified separately about any other case you may have filed.",
		"If we need more information from you, we will send a written request to the address above.",
		"Online case status is available at any time once you have an account with us.",
		"Do not send original documents unless a notice specifically asks for them.",
	},
	"approval": {
		"The above petition has been approved.",
		"The validity dates shown apply only to the classification stated on this notice.",
		"This approval does not by itself confer lawful status on any person outside the United States.",
		"Any change in the terms of employment may require a new filing.",
		"A copy of this notice has been sent to the representative of record, if any.",
		"Travel outside the country may affect the validity of the approved request.",
		"If a card will be issued, it will be mailed to the address on file.",
		"Please notify us within ten days of any change of address.",
	},
	"biometrics": {
		"You must appear at the support center listed below to have your fingerprints and photograph taken.",
		"Bring this notice and a valid photo identification document to the appointment.",
		"If you cannot attend, follow the rescheduling instructions printed on the back of this page.",
		"Failure to appear may result in your request being considered abandoned.",
		"Arrive no earlier than fifteen minutes before your scheduled time.",
		"Family members who were not named on this notice will not be served.",
	},
	"rfe": {
		"The evidence submitted so far is not sufficient to establish eligibility.",
		"Submit the items listed below together with the response cover sheet.",
		"Your response must be received by the date shown, or the case will be decided on the present record.",
		"Send all of the requested evidence at one time; partial responses will be treated as complete.",
		"Copies are acceptable unless an original is specifically requested.",
		"Place the cover sheet on top of your response so it can be matched to the correct case.",
	},
	"online": {
		"Thank you for filing online. Your submission has been recorded.",
		"Sign in to your account to follow this case, receive notices and answer requests.",
		"A paper copy of this confirmation is also mailed to the address you provided.",
		"Keep your account details private; our staff will never ask for your password.",
		"If you file another form later, use the same account so all of your cases appear together.",
		"Fees paid online are not refundable once the filing is accepted.",
	},
	"access": {
		"Your paper-filed case can now be added to an online account.",
		"Use the code below to link this case the first time you sign in. The code can be used only once.",
		"The code expires on the date shown. After that, request a new notice.",
		"Do not share this code. Anyone who has it may be able to view your case.",
		"If you already have an account, sign in and choose the option to add a paper-filed case.",
		"Linking a case does not change its processing time.",
	},
	"cover": {
		"Please find enclosed the documents listed below in support of the above-referenced matter.",
		"Kindly direct all further correspondence concerning this case to our office.",
		"The filing fee has been paid by the enclosed check drawn on our firm's operating account.",
		"Should you require anything further, please contact the undersigned.",
		"We have enclosed a signed Form G-28 confirming our representation.",
		"Thank you for your attention to this matter.",
		"Copies of the prior notices issued in this case are attached for your reference.",
	},
	"nvc": {
		"The National Visa Center has received the approved petition for the beneficiary named below.",
		"Please include the case number on every page you send us.",
		"Fees must be paid through the consular electronic application center before documents are reviewed.",
		"Once all documents are complete, the case will be scheduled for an interview at the post shown.",
		"Do not make travel plans until you have received an interview appointment.",
	},
	"card": {
		"This is a copy of the card issued to the person named. Keep the original in a safe place.",
		"Report a lost or stolen card at once.",
		"The card is valid only with its holder's signature.",
	},
	"instructions": {
		"Additional information about your case is printed below.",
		"If you move, update your address online within ten days so notices reach you.",
		"Our forms and fee schedule change from time to time; use the current edition when you file.",
		"Each person in a family files separately unless the form instructions say otherwise.",
		"Letters sent to the wrong office are forwarded, which adds weeks to the reply.",
		"Write your name and case reference on the back of every photo you send.",
	},
	"generic": {
		"This summary was prepared for the person named below and lists the references we hold on file.",
		"Quote these references on any correspondence so your papers reach the right case.",
		"Information shown here was current when the summary was printed.",
		"Contact us if any reference below does not belong to you.",
		"Documents received after the date above are not reflected here.",
	},
}

func body(r *rnd, kind string, n int) []string {
	s := sentences[kind]
	idx := r.Perm(len(s))
	if n > len(idx) {
		n = len(idx)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = s[idx[i]]
	}
	return out
}
