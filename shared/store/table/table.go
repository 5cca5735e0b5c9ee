// Package table is Shortlist's one DynamoDB table, described as plain data: the key
// attributes, the global secondary indexes, the TTL attribute and the stream setting.
// The CDK stack (infra/) builds the real table from it, the DynamoDB adapter's tests create
// throwaway tables from it, and the embedded adapter lays out its buckets from it, so the
// three cannot drift apart. It imports nothing: infra must not pull the SDK in to read it,
// and this package must not pull CDK in.
package table

// EnvName is the environment variable that names the table in every process.
const EnvName = "TABLE_NAME"

// Attribute names. Short, because DynamoDB bills every item by its bytes, names included.
const (
	PK     = "pk"     // partition key, string
	SK     = "sk"     // sort key, string
	GSI1PK = "gsi1pk" // partition key of GSI1, string; items without it stay out of the index
	GSI1SK = "gsi1sk" // sort key of GSI1, string
	TTL    = "exp"    // expiry, epoch seconds (number); absent = kept
)

// GSI1 is the one global secondary index: "children by parent" lookups (API keys by
// organisation, invites and results by assessment). See shared/store's package doc.
const GSI1 = "gsi1"

// Index is a global secondary index with string keys.
type Index struct {
	Name         string
	PartitionKey string
	SortKey      string
	// Projection is "ALL", "KEYS_ONLY" or "INCLUDE" (then NonKey lists the attributes).
	Projection string
	NonKey     []string
}

// Definition is the table's shape. Both key attributes of the table and of every index are
// strings; billing is on demand.
type Definition struct {
	PartitionKey string
	SortKey      string
	Indexes      []Index
	// TTLAttribute holds epoch seconds; DynamoDB deletes an item some time (up to days)
	// after it, so readers filter on it as well.
	TTLAttribute string
	// StreamView is the DynamoDB Streams view type ("" = no stream). New images carry the
	// pending-scoring marker to the scoring function; old images carry a removed report
	// record's file names to the reports function, which deletes the files.
	StreamView string
	// PointInTimeRecovery and DeletionProtection are on for every real table; tests that
	// create throwaway tables turn deletion protection off for their own copy.
	PointInTimeRecovery bool
	DeletionProtection  bool
}

// Shortlist returns the table definition. A function rather than a variable: callers get
// their own copy and nothing in the process can change the shape for everyone else.
func Shortlist() Definition {
	return Definition{
		PartitionKey: PK,
		SortKey:      SK,
		Indexes: []Index{{
			Name:         GSI1,
			PartitionKey: GSI1PK,
			SortKey:      GSI1SK,
			// Keys and the expiry only: an index entry is rewritten (and billed) whenever a
			// projected attribute changes, and these never do; the expiry lets a reader of
			// the index drop expired entries without fetching them.
			Projection: "INCLUDE",
			NonKey:     []string{TTL},
		}},
		TTLAttribute:        TTL,
		StreamView:          "NEW_AND_OLD_IMAGES",
		PointInTimeRecovery: true,
		DeletionProtection:  true,
	}
}

// Index returns the index called name.
func (d Definition) Index(name string) (Index, bool) {
	for _, ix := range d.Indexes {
		if ix.Name == name {
			return ix, true
		}
	}
	return Index{}, false
}

// KeyAttributes lists every key attribute of the table and its indexes, table keys first.
func (d Definition) KeyAttributes() []string {
	out := []string{d.PartitionKey, d.SortKey}
	for _, ix := range d.Indexes {
		out = append(out, ix.PartitionKey, ix.SortKey)
	}
	return out
}
